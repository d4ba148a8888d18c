// Shapes shared by the import pipeline, the worker and its callers. Everything here is plain
// data: it survives structured clone (worker messages) and JSON.stringify (storage).

export type JsonObject = { [key: string]: unknown };

export interface Problem {
  severity: 'error' | 'warning';
  /** JSON pointer into the uploaded document ('' is the root). */
  pointer: string;
  /** 1-based line in the uploaded text, when it could be located. */
  line?: number;
  /** What is wrong and what to do about it. */
  message: string;
}

export type SourceFormat = 'json' | 'yaml';

export interface ImportLimits {
  /** Largest accepted upload, in bytes. */
  maxBytes: number;
  /** Largest accepted YAML document, counted as if every alias were expanded. */
  maxYamlNodes: number;
  /** Nodes one tool's input schema may hold before the rest becomes a `(truncated)` stub. */
  maxToolSchemaNodes: number;
  /** Characters one tool's input schema JSON may take. */
  maxToolSchemaBytes: number;
  /** Nodes each stored request or response schema may hold. */
  maxStoredSchemaNodes: number;
  /**
   * Validation walks the dereferenced document as a tree. Above this many nodes (a `$ref` fan-out;
   * GitHub has 2 M, Microsoft Graph 16 M) the document is validated with its references unexpanded.
   */
  maxValidatedNodes: number;
  /** Problems reported at most (the rest are summarised in one line). */
  maxProblems: number;
}

export const defaultLimits: ImportLimits = {
  maxBytes: 60 * 1024 * 1024,
  maxYamlNodes: 5_000_000,
  maxToolSchemaNodes: 2000,
  maxToolSchemaBytes: 64 * 1024,
  maxStoredSchemaNodes: 100,
  maxValidatedNodes: 20_000_000,
  maxProblems: 200,
};

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

/** How one tool argument becomes part of the HTTP request. */
export interface ToolArgument {
  /** Property name in the tool's input schema. */
  name: string;
  in: ParameterLocation | 'body';
  /** Name of the parameter in the request (for the body: absent). */
  parameterName?: string;
  required: boolean;
  style?: string;
  explode?: boolean;
  allowReserved?: boolean;
  /** For the body: the media type to send. */
  contentType?: string;
}

export interface ToolDefinition {
  name: string;
  description: string;
  inputSchema: JsonObject;
  /** The input schema hit the node budget or byte cap and was cut. */
  truncated: boolean;
}

export interface OperationParameter {
  name: string;
  in: ParameterLocation;
  required: boolean;
  description?: string;
  deprecated?: boolean;
  style?: string;
  explode?: boolean;
  allowReserved?: boolean;
  /** The same object as the parameter's property in the tool's input schema. */
  schema?: JsonObject;
}

export interface OperationRequestBody {
  required: boolean;
  description?: string;
  /** The media type the tool sends: JSON first, else form-urlencoded, else multipart, else the first. */
  contentType: string;
  contentTypes: string[];
  /** The same object as the body property of the tool's input schema (readOnly properties left out). */
  schema?: JsonObject;
}

export interface OperationResponse {
  status: string;
  description?: string;
  contentType?: string;
  contentTypes: string[];
  schema?: JsonObject;
}

export interface ServerVariable {
  default: string;
  enum?: string[];
  description?: string;
}

export interface Server {
  url: string;
  description?: string;
  variables?: Record<string, ServerVariable>;
}

export type SecurityRequirement = Record<string, string[]>;

export interface Operation {
  method: string;
  path: string;
  /** JSON pointer of the operation in the (converted) document. */
  pointer: string;
  operationId?: string;
  summary?: string;
  description?: string;
  tags: string[];
  deprecated: boolean;
  parameters: OperationParameter[];
  requestBody?: OperationRequestBody;
  responses: OperationResponse[];
  /** `op.security ?? doc.security`; an empty list means no authentication. */
  security: SecurityRequirement[];
  /** Operation- or path-level servers; absent means the document's servers apply. */
  servers?: Server[];
  tool: ToolDefinition;
  /** How each tool argument maps back onto the request. */
  arguments: ToolArgument[];
  /** sha256 of the operation's normalised signature: equal fingerprints mean nothing changed. */
  fingerprint: string;
  /** Estimated tokens the tool definition costs in a model's context. */
  toolTokens: number;
}

export interface DocumentInfo {
  title: string;
  version: string;
  description?: string;
  termsOfService?: string;
  contact?: { name?: string; url?: string; email?: string };
  license?: { name?: string; url?: string; identifier?: string };
  externalDocs?: { url: string; description?: string };
  logo?: { url: string; altText?: string; backgroundColor?: string };
}

export interface UnresolvedRef {
  /** Where the `$ref` sits in the uploaded document. */
  pointer: string;
  ref: string;
  line?: number;
}

export type ImportPhase = 'reading' | 'converting' | 'resolving' | 'validating' | 'extracting';

export interface ImportTimings {
  parseMs: number;
  hashMs: number;
  convertMs: number;
  dereferenceMs: number;
  validateMs: number;
  extractMs: number;
  totalMs: number;
}

export interface ImportedDocument {
  ok: true;
  format: SourceFormat;
  /** `2.0`, `3.0.3`, `3.1.0`… as uploaded. */
  originalVersion: string;
  /** The version the operations were extracted from (2.0 is converted to 3.0.0). */
  version: string;
  info: DocumentInfo;
  servers: Server[];
  securitySchemes: Record<string, JsonObject>;
  /** Document-level security requirements. */
  security: SecurityRequirement[];
  tags: { name: string; description?: string }[];
  operations: Operation[];
  /** Warnings only: an imported document has no errors. */
  problems: Problem[];
  unresolvedRefs: UnresolvedRef[];
  /** sha256 of the key-sorted JSON of the parsed document (before conversion and dereferencing). */
  contentHash: string;
  counts: { paths: number; operations: number; tools: number; truncatedTools: number; toolTokens: number; bytes: number };
  timings: ImportTimings;
}

export interface RefusedDocument {
  ok: false;
  /** Set when the worker was stopped: past the time limit, out of memory, or crashed. */
  aborted?: 'timeout' | 'memory' | 'crash';
  /** One line saying why the document was refused. */
  reason: string;
  /** What is wrong, where (errors first, then warnings). */
  problems: Problem[];
  format?: SourceFormat;
  originalVersion?: string;
  contentHash?: string;
  timings: Partial<ImportTimings>;
}

export type ImportResult = ImportedDocument | RefusedDocument;

export interface SourceInput {
  text: string;
  filename?: string;
  contentType?: string;
}
