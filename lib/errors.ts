// The one error type that is meant for the person or client on the other end. Anything else that
// is thrown is a bug or an outage: it is logged with its cause and shown only as a request id.

export type ErrorCode =
  'bad_request' | 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'gone' | 'too_large' | 'unsupported_media_type' | 'rate_limited' | 'unavailable';

export const httpStatus: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
};

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: FieldErrors;
  /** Facts a client can act on (a connect link, the missing scopes); never a secret. */
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options?: { fields?: FieldErrors; details?: Record<string, unknown>; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = 'AppError';
    this.code = code;
    this.fields = options?.fields;
    this.details = options?.details;
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} was not found in this workspace.`);
export const forbidden = (message = 'Your role in this workspace does not allow this.') => new AppError('forbidden', message);
export const invalid = (message: string, fields?: FieldErrors) => new AppError('invalid', message, { fields });
export const conflict = (message: string) => new AppError('conflict', message);

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** True for PostgreSQL's unique_violation (23505), as postgres.js or PGlite (through drizzle's cause) reports it. */
export function isUniqueViolation(error: unknown): boolean {
  const { code, cause } = (error ?? {}) as { code?: string; cause?: { code?: string } };
  return (code ?? cause?.code) === '23505';
}
