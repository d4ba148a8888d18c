// OpenAPI import: parse, convert, resolve, validate and extract operations and tools.
export { parseDocument, type ParseOptions, type ParseResult } from './parse';
export { processDocument, type ProcessOptions } from './process';
export { importDocument, ImportWorker, defaultMaxHeapMb, defaultTimeoutMs, type ImportOptions, type WorkerOptions } from './import';
export { diffVersions, diffVersionsInSlices, type VersionDiff, type OperationChange, type Change, type VersionSnapshot } from './diff';
export { toOpenAiTools, toAnthropicTools, toMcpTools, estimateTokens, estimateToolListTokens } from './export';
export { contentHash, canonicalJson } from './hash';
export { locatePointers } from './locate';
export { TimeSlices, yieldToEventLoop } from './slices';
export * from './types';
