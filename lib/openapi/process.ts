// The whole import, in process: parse → hash → (Swagger 2.0: validate, convert) → dereference →
// validate → extract. The worker runs this; tests and benchmarks may call it directly.
import { extractOperations, readServers } from './extract';
import { contentHash } from './hash';
import { locatePointers } from './locate';
import { parseDocument } from './parse';
import { dereferenceInternal, expandedSize, externalRefWarning, replaceExternalRefs, scanRefs } from './refs';
import { checkOpenApi3Semantics, checkSwagger2Semantics, checkVersion, validateAgainstSchema } from './validate';
import {
  defaultLimits,
  type DocumentInfo,
  type ImportLimits,
  type ImportPhase,
  type ImportResult,
  type ImportTimings,
  type JsonObject,
  type Problem,
  type RefusedDocument,
  type SourceFormat,
  type SourceInput,
} from './types';

export interface ProcessOptions {
  limits?: Partial<ImportLimits>;
  onProgress?: (phase: ImportPhase) => void;
}

export async function processDocument(input: SourceInput, options: ProcessOptions = {}): Promise<ImportResult> {
  const limits: ImportLimits = { ...defaultLimits, ...options.limits };
  const progress = options.onProgress ?? (() => {});
  const timings: Partial<ImportTimings> = {};
  const started = performance.now();
  const time = <T>(key: keyof ImportTimings, run: () => T): T => {
    const start = performance.now();
    try {
      return run();
    } finally {
      timings[key] = (timings[key] ?? 0) + (performance.now() - start);
    }
  };
  const timeAsync = async <T>(key: keyof ImportTimings, run: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await run();
    } finally {
      timings[key] = (timings[key] ?? 0) + (performance.now() - start);
    }
  };

  progress('reading');
  const parsed = time('parseMs', () => parseDocument(input.text, { filename: input.filename, contentType: input.contentType, limits }));
  if (!parsed.ok) return refuse({ reason: parsed.problem.message, problems: [parsed.problem], format: parsed.format, timings, started });
  const { format, document } = parsed;
  const hash = time('hashMs', () => contentHash(document));
  const finish = (problems: Problem[]) => locate(input.text, format, problems, limits.maxProblems);
  const refused = (reason: string, problems: Problem[], originalVersion?: string) =>
    refuse({ reason, problems: finish(problems), format, originalVersion, contentHash: hash, timings, started });

  const version = checkVersion(document);
  if ('problem' in version) return refused(version.problem.message, [version.problem]);

  const scan = scanRefs(document);
  const warnings = scan.external.map(externalRefWarning);
  if (scan.broken.length > 0) {
    return refused(`The document has ${plural(scan.broken.length, 'broken reference')}.`, [...scan.broken, ...warnings], version.original);
  }

  let openapi: JsonObject;
  let external = scan.external;
  if (version.version === '2.0') {
    progress('resolving');
    let dereferenced: JsonObject;
    try {
      dereferenced = await timeAsync('dereferenceMs', () => dereferenceInternal(structuredClone(document)));
    } catch (error) {
      return refused(
        "The document's references could not be resolved.",
        [{ severity: 'error', pointer: '', message: `Resolving references failed: ${(error as Error).message}` }, ...warnings],
        version.original,
      );
    }
    progress('validating');
    const errors = time('validateMs', () => {
      const expanded = validationTarget(dereferenced, () => document, limits, warnings);
      const schemaErrors = validateAgainstSchema(expanded, '2.0');
      return schemaErrors.length > 0 ? schemaErrors : checkSwagger2Semantics(dereferenced);
    });
    if (errors.length > 0) return refused(`The document is not valid Swagger 2.0: ${plural(errors.length, 'error')}.`, [...errors, ...warnings], version.original);

    progress('converting');
    try {
      // Loaded on demand: swagger2openapi costs ~50-90 ms to load, and most uploads are OAS 3.
      const { convertObj } = await import('swagger2openapi');
      const converted = await timeAsync('convertMs', () => convertObj(document, { patch: true, warnOnly: true, text: input.text, anchors: true }));
      openapi = converted.openapi as JsonObject;
    } catch (error) {
      return refused(
        'The Swagger 2.0 document could not be converted to OpenAPI 3.',
        [{ severity: 'error', pointer: '', message: `Converting Swagger 2.0 to OpenAPI 3 failed: ${(error as Error).message}` }],
        version.original,
      );
    }
    // The converter rewrites #/definitions/… into #/components/schemas/…; find the holders anew.
    external = scanRefs(openapi).external;
    progress('resolving');
    openapi = await timeAsync('dereferenceMs', () => dereferenceInternal(openapi));
  } else {
    progress('resolving');
    // The parsed document is consumed here: its hash and references were taken above.
    try {
      openapi = await timeAsync('dereferenceMs', () => dereferenceInternal(document));
    } catch (error) {
      return refused(
        "The document's references could not be resolved.",
        [{ severity: 'error', pointer: '', message: `Resolving references failed: ${(error as Error).message}` }, ...warnings],
        version.original,
      );
    }
    progress('validating');
    const reparse = () => {
      const again = parseDocument(input.text, { filename: input.filename, contentType: input.contentType, limits });
      return again.ok ? again.document : openapi;
    };
    const errors = time('validateMs', () => validateAgainstSchema(validationTarget(openapi, reparse, limits, warnings), version.version));
    if (errors.length > 0) {
      // The warnings a valid document would get belong in the same report, so one round fixes both.
      const semantic = checkOpenApi3Semantics(openapi);
      return refused(`The document is not valid OpenAPI ${version.version}: ${plural(errors.length, 'error')}.`, [...errors, ...warnings, ...semantic], version.original);
    }
    warnings.push(...time('validateMs', () => checkOpenApi3Semantics(openapi)));
  }

  progress('extracting');
  replaceExternalRefs(external);
  const operations = time('extractMs', () => extractOperations(openapi, limits));
  const problems = finish(warnings);
  const lineOf = new Map(problems.map((problem) => [problem.pointer, problem.line]));
  const components = (openapi.components ?? {}) as JsonObject;
  const tags = Array.isArray(openapi.tags) ? (openapi.tags as JsonObject[]) : [];

  timings.totalMs = performance.now() - started;
  return {
    ok: true,
    format,
    originalVersion: version.original,
    version: String(openapi.openapi),
    info: readInfo(openapi.info as JsonObject | undefined),
    servers: readServers(openapi.servers) ?? [],
    securitySchemes: plainCopy((components.securitySchemes ?? {}) as Record<string, JsonObject>),
    security: Array.isArray(openapi.security) ? plainCopy(openapi.security as Record<string, string[]>[]) : [],
    tags: tags
      .filter((tag) => typeof tag?.name === 'string')
      .map((tag) => ({ name: tag.name as string, ...(typeof tag.description === 'string' ? { description: tag.description } : {}) })),
    operations,
    problems,
    unresolvedRefs: scan.external.map(({ pointer, ref }) => ({ pointer, ref, ...(lineOf.get(pointer) ? { line: lineOf.get(pointer) } : {}) })),
    contentHash: hash,
    counts: {
      paths: Object.keys((openapi.paths ?? {}) as JsonObject).length,
      operations: operations.length,
      tools: operations.length,
      truncatedTools: operations.filter((operation) => operation.tool.truncated).length,
      toolTokens: operations.reduce((total, operation) => total + operation.toolTokens, 0),
      bytes: Buffer.byteLength(input.text, 'utf8'),
    },
    timings: { parseMs: 0, hashMs: 0, convertMs: 0, dereferenceMs: 0, validateMs: 0, extractMs: 0, ...timings, totalMs: timings.totalMs },
  };
}

/**
 * The dereferenced document, as swagger-parser validates, unless it expands past
 * `maxValidatedNodes`: then the document as written, so a `$ref` fan-out cannot make validation
 * exponential. That is only more lenient: every document swagger-parser accepts still imports.
 */
function validationTarget(dereferenced: JsonObject, original: () => JsonObject, limits: ImportLimits, warnings: Problem[]): JsonObject {
  const size = expandedSize(dereferenced);
  if (size <= limits.maxValidatedNodes) return dereferenced;
  warnings.push({
    severity: 'warning',
    pointer: '',
    message: `The document's references expand to ${size.toExponential(1)} nodes, so it was validated without expanding them. A reference that points at the wrong kind of object may go unreported.`,
  });
  return original();
}

function readInfo(info: JsonObject | undefined): DocumentInfo {
  const source = info ?? {};
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const pick = <K extends string>(value: unknown, keys: K[]) => {
    if (value === null || typeof value !== 'object') return undefined;
    const out: Partial<Record<K, string>> = {};
    for (const key of keys) if (typeof (value as JsonObject)[key] === 'string') out[key] = (value as JsonObject)[key] as string;
    return Object.keys(out).length > 0 ? out : undefined;
  };
  const externalDocs = pick(source.externalDocs, ['url', 'description']);
  const logo = pick(source['x-logo'], ['url', 'altText', 'backgroundColor']);
  const result: DocumentInfo = { title: text(source.title) ?? 'Untitled API', version: text(source.version) ?? String(source.version ?? '') };
  if (text(source.description)) result.description = text(source.description);
  if (text(source.termsOfService)) result.termsOfService = text(source.termsOfService);
  const contact = pick(source.contact, ['name', 'url', 'email']);
  if (contact) result.contact = contact;
  const license = pick(source.license, ['name', 'url', 'identifier']);
  if (license) result.license = license;
  if (externalDocs?.url) result.externalDocs = { url: externalDocs.url, ...(externalDocs.description ? { description: externalDocs.description } : {}) };
  if (logo?.url) result.logo = { url: logo.url, ...(logo.altText ? { altText: logo.altText } : {}), ...(logo.backgroundColor ? { backgroundColor: logo.backgroundColor } : {}) };
  return result;
}

/** Errors first, capped, each with the source line of its pointer when it can be found. */
function locate(text: string, format: SourceFormat, problems: Problem[], maxProblems: number): Problem[] {
  const sorted = [...problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const kept = sorted.slice(0, maxProblems);
  const lines = locatePointers(text, format, [...new Set(kept.map((problem) => problem.pointer))]);
  const located = kept.map((problem) => {
    const line = problem.line ?? lines.get(problem.pointer);
    return line ? { ...problem, line } : problem;
  });
  if (sorted.length > kept.length) {
    located.push({
      severity: sorted[kept.length]!.severity,
      pointer: '',
      message: `${sorted.length - kept.length} more problems are not listed. Fix the ones above and import again to see them.`,
    });
  }
  return located;
}

function refuse(args: {
  reason: string;
  problems: Problem[];
  format?: SourceFormat;
  originalVersion?: string;
  contentHash?: string;
  timings: Partial<ImportTimings>;
  started: number;
}): RefusedDocument {
  return {
    ok: false,
    reason: args.reason,
    problems: args.problems,
    ...(args.format ? { format: args.format } : {}),
    ...(args.originalVersion ? { originalVersion: args.originalVersion } : {}),
    ...(args.contentHash ? { contentHash: args.contentHash } : {}),
    timings: { ...args.timings, totalMs: performance.now() - args.started },
  };
}

/** Security objects come out of the dereferenced document: copy them so nothing is shared. */
function plainCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
