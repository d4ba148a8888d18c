// Structured logs, one JSON object a line. Values under secret-looking keys never reach the output,
// nor the values a failed query was sent with.
import { env } from '@/lib/env';
import { redact } from '@/lib/redact';

type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

function write(level: Level, message: string, fields?: Record<string, unknown>) {
  if (order[level] < order[env.LOG_LEVEL]) return;
  const entry: Record<string, unknown> = { time: new Date().toISOString(), level, msg: message };
  if (fields) Object.assign(entry, redact(serialiseErrors(fields)));
  const line = JSON.stringify(entry);
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
}

function serialiseErrors(fields: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = value instanceof Error ? serialiseError(value) : value;
  return out;
}

/** Fields of database and system errors that name what failed without carrying a value. */
const SAFE_ERROR_FIELDS = [
  'code',
  'severity',
  'schema',
  'table',
  'column',
  'constraint',
  'routine',
  'schema_name',
  'table_name',
  'column_name',
  'constraint_name',
  'dataType',
  'syscall',
  'status',
] as const;

/**
 * An error as a log line may carry it: name, message, code, stack and causes, never the values a
 * failed query was sent with. Drizzle's "Failed query: … params: …" keeps its SQL (placeholders,
 * no values); PostgreSQL's `detail` ("Key (email)=(…) already exists"), postgres.js's `parameters`
 * and PGlite's `params` are dropped, and any parameter value quoted in a message is masked.
 */
export function serialiseError(error: Error, values: string[] = [], depth = 0): Record<string, unknown> {
  const record = error as Error & Record<string, unknown>;
  const params = [record.params, record.parameters].find(Array.isArray) as unknown[] | undefined;
  const known = [...values, ...(params ?? []).flatMap(parameterText)];
  const isFailedQuery = typeof record.query === 'string' && params !== undefined && error.message.startsWith('Failed query:');
  const message = isFailedQuery ? `Failed query: ${record.query as string}` : maskValues(error.message, known);
  const out: Record<string, unknown> = { name: error.name, message };
  for (const field of SAFE_ERROR_FIELDS) {
    const value = record[field];
    if (typeof value === 'string' || typeof value === 'number') out[field] = value;
  }
  if (error.stack) out.stack = [`${error.name}: ${message}`, ...error.stack.split('\n').filter((line) => /^\s+at /.test(line))].join('\n');
  const cause = error.cause;
  if (cause instanceof Error && depth < 4) out.cause = serialiseError(cause, known, depth + 1);
  else if (cause !== undefined && !(cause instanceof Error)) out.cause = typeof cause === 'string' ? maskValues(cause, known) : '[not an error]';
  return out;
}

/** The text of a query parameter as it could appear in a database message. */
function parameterText(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (value instanceof Date) return [value.toISOString()];
  if (typeof value === 'object') {
    try {
      return [JSON.stringify(value)];
    } catch {
      return [];
    }
  }
  return [String(value)];
}

/** Masks every parameter value of four or more characters (shorter ones are numbers, flags…). */
function maskValues(text: string, values: string[]): string {
  let masked = text;
  for (const value of values.filter((v) => v.length >= 4).sort((a, b) => b.length - a.length)) masked = masked.split(value).join('[parameter]');
  return masked;
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write('debug', message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write('info', message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write('warn', message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write('error', message, fields),
};
