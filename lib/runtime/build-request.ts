// Turns a tool call into the HTTP request its OpenAPI operation describes: the server, every
// parameter in its declared style, the body in its media type, and the connector's credentials.
import type { AuthConfig, AuthType, OperationDetail } from '@/db/schema';
import { invalid } from '@/lib/errors';
import type { JsonObject, Server, ToolArgument } from '@/lib/openapi';

export type Credentials = {
  apiKey?: string;
  username?: string;
  password?: string;
  /** A bearer token or an OAuth access token. */
  token?: string;
};

export type ConnectorTarget = {
  baseUrl: string | null;
  serverVariables: Record<string, string>;
  authType: AuthType;
  authConfig: AuthConfig;
};

/** What the runtime sends. Header names are lower-case. */
export type OutboundRequest = {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
};

/** The parts of a stored operation the request is built from. */
export type RequestOperation = Pick<OperationDetail, 'arguments'> & Partial<Pick<OperationDetail, 'requestBody' | 'responses' | 'servers' | 'inputSchema'>>;

export type BuildRequestInput = {
  detail: RequestOperation;
  method: string;
  /** The path template, `/users/{id}`. */
  path: string;
  target: ConnectorTarget;
  documentServers: Server[];
  credentials: Credentials;
  args: Record<string, unknown>;
};

/** A file for a multipart part or a binary body: `data` is base64 (a `data:` URL works too). */
export type FileArgument = { filename?: string; contentType?: string; data: string };

// OpenAPI: header parameters with these names are ignored; the rest would break or hijack the request.
const ignoredHeaderArguments = new Set([
  'accept',
  'content-type',
  'authorization',
  'proxy-authorization',
  'cookie',
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
]);

/**
 * The base URL requests go to: the connector's override, else the operation's servers, else the
 * document's first server, with `{variables}` filled from the connector, else their defaults.
 * No trailing slash.
 */
export function resolveBaseUrl(target: Pick<ConnectorTarget, 'baseUrl' | 'serverVariables'>, documentServers: Server[], operationServers?: Server[]): string {
  const servers = operationServers && operationServers.length > 0 ? operationServers : documentServers;
  const override = target.baseUrl?.trim() || undefined;
  const server = override ? [...(operationServers ?? []), ...documentServers].find((s) => s.url === override) : servers[0];
  const template = override ?? server?.url;
  if (!template) {
    throw invalid('The API document names no server, so there is nowhere to send requests. Set a base URL on the connector.', {
      baseUrl: ['Set a base URL.'],
    });
  }
  const missing: string[] = [];
  const filled = template.replace(/\{([^{}]+)\}/g, (_whole, name: string) => {
    const value = target.serverVariables[name]?.trim() || undefined;
    if (value !== undefined) return value;
    const declared = server?.variables?.[name];
    if (declared) return declared.default;
    missing.push(name);
    return '';
  });
  if (missing.length > 0) {
    const names = missing.map((name) => `{${name}}`).join(', ');
    throw invalid(`The server URL ${template} needs a value for ${names}. Set ${missing.length === 1 ? 'it' : 'them'} in the connector's server variables.`, {
      serverVariables: missing.map((name) => `Set a value for ${name}.`),
    });
  }
  if (!/^[a-z][a-z0-9+.-]*:/i.test(filled)) {
    throw invalid(
      `The API's server URL "${filled}" is relative, and a relative URL cannot be called on its own. Set the connector's base URL to the full address, for example https://api.example.com${filled.startsWith('/') ? filled : `/${filled}`}.`,
      { baseUrl: ['Set the full base URL.'] },
    );
  }
  const parsed = URL.canParse(filled) ? new URL(filled) : undefined;
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !parsed.hostname) {
    throw invalid(`The base URL "${filled}" is not an http(s) URL. Set the connector's base URL to an address starting with https://.`, {
      baseUrl: ['Use an http(s) URL.'],
    });
  }
  if (parsed.username || parsed.password) {
    throw invalid("The base URL holds a user name or password. Remove them and use the connector's authentication instead.", {
      baseUrl: ['Remove the credentials from the URL.'],
    });
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}${parsed.search}`;
}

export function buildRequest({ detail, method, path, target, documentServers, credentials, args }: BuildRequestInput): OutboundRequest {
  const verb = method.toUpperCase();
  const base = new URL(resolveBaseUrl(target, documentServers, detail.servers));
  const query: string[] = base.search ? base.search.slice(1).split('&') : [];
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  const byParameter = new Map<string, ToolArgument>();
  let body: { argument: ToolArgument; value: unknown } | undefined;

  for (const argument of detail.arguments) {
    const value = args[argument.name];
    const name = argument.parameterName ?? argument.name;
    if (argument.in === 'path') byParameter.set(name, argument);
    if (value === undefined) continue;
    switch (argument.in) {
      case 'query':
        if (value === null) break;
        query.push(...serializeQuery(name, value, argument));
        break;
      case 'header': {
        const lower = name.toLowerCase();
        if (value === null || ignoredHeaderArguments.has(lower)) break;
        headers[lower] = headerValue(name, serializeHeader(value, argument.explode ?? false));
        break;
      }
      case 'cookie':
        if (value === null) break;
        cookies.push(...serializeCookie(name, value, argument.explode ?? true));
        break;
      case 'body':
        body = { argument, value };
        break;
    }
  }

  const missing: string[] = [];
  const filledPath = path.replace(/\{([^{}]+)\}/g, (_whole, name: string) => {
    const argument = byParameter.get(name);
    const value = argument ? args[argument.name] : undefined;
    if (!argument || value === undefined || value === null) {
      missing.push(argument?.name ?? name);
      return '';
    }
    return serializePath(name, value, argument);
  });
  const templateSegments = path.split('/');
  const dotSegment = filledPath.split('/').findIndex((segment, index) => isDotSegment(segment) && !isDotSegment(templateSegments[index] ?? ''));
  if (dotSegment !== -1) {
    throw invalid('A path parameter cannot be "." or "..": it would change which endpoint is called.', { path: ['must not be "." or ".."'] });
  }
  if (missing.length > 0) {
    throw invalid(
      `Missing path parameter${missing.length === 1 ? '' : 's'} ${missing.join(', ')}: the request URL cannot be built without ${missing.length === 1 ? 'it' : 'them'}.`,
      {
        ...Object.fromEntries(missing.map((name) => [name, ['is required']])),
      },
    );
  }

  const accept = acceptHeader(detail.responses);
  if (accept) headers.accept = accept;

  let payload: string | Uint8Array | undefined;
  if (body && body.value !== undefined && body.value !== null && verb !== 'GET' && verb !== 'HEAD') {
    const declared = body.argument.contentType ?? detail.requestBody?.contentType ?? 'application/json';
    const encoded = serializeBody(body.value, declared, bodySchema(detail, body.argument));
    payload = encoded.body;
    headers['content-type'] = encoded.contentType;
  }

  const auth = authentication(target, credentials);
  if (auth.header) headers[auth.header.name] = auth.header.value;
  if (auth.query) {
    const prefix = `${encode(auth.query.name)}=`;
    const kept = query.filter((pair) => !pair.startsWith(prefix) && pair !== encode(auth.query!.name));
    query.length = 0;
    query.push(...kept, `${prefix}${encode(auth.query.value)}`);
  }
  if (auth.cookie) {
    const prefix = `${auth.cookie.name}=`;
    const kept = cookies.filter((pair) => !pair.startsWith(prefix));
    cookies.length = 0;
    cookies.push(...kept, `${prefix}${encode(auth.cookie.value)}`);
  }
  if (cookies.length > 0) headers.cookie = headerValue('Cookie', cookies.join('; '));

  const url = `${base.origin}${base.pathname === '/' ? '' : base.pathname}${filledPath.startsWith('/') ? '' : '/'}${filledPath}${query.length > 0 ? `?${query.join('&')}` : ''}`;
  return { method: verb, url: new URL(url).href, headers, ...(payload !== undefined ? { body: payload } : {}) };
}

/** URL parsers resolve these (and their %2E spellings), which would walk out of the operation's path. */
const isDotSegment = (segment: string) => /^(?:\.|%2e){1,2}$/i.test(segment);

// ---------------------------------------------------------------------------------------------
// Parameters (OpenAPI 3 "style" and "explode", RFC 6570 underneath)

type Shape = { kind: 'array'; items: unknown[] } | { kind: 'object'; entries: [string, unknown][] } | { kind: 'scalar'; value: unknown };

function shapeOf(value: unknown): Shape {
  if (Array.isArray(value)) return { kind: 'array', items: value.filter((item) => item !== undefined) };
  if (value !== null && typeof value === 'object') return { kind: 'object', entries: Object.entries(value).filter(([, v]) => v !== undefined) };
  return { kind: 'scalar', value };
}

/** A value as text: nested objects (which no style defines) as JSON. */
function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/** RFC 3986: everything but unreserved characters percent-encoded (UTF-8). */
export function encode(value: string): string {
  return encodeURIComponent(wellFormed(value)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Lone surrogates (which encodeURIComponent throws on) become U+FFFD. */
const wellFormed = (value: string) => value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

const reserved = new Set(":/?[]@!$&'()*+,;=");

/** allowReserved: reserved characters and existing %XX escapes pass through; `#` would end the URL. */
function encodeAllowingReserved(value: string): string {
  let out = '';
  const chars = [...wellFormed(value)];
  chars.forEach((char, index) => {
    if (reserved.has(char)) out += char;
    else if (char === '%' && /^[0-9A-Fa-f]{2}$/.test((chars[index + 1] ?? '') + (chars[index + 2] ?? ''))) out += char;
    else out += encode(char);
  });
  return out;
}

function serializePath(name: string, value: unknown, argument: ToolArgument): string {
  const style = argument.style ?? 'simple';
  const explode = argument.explode ?? false;
  const shape = shapeOf(value);
  const e = (v: unknown) => encode(text(v));
  const pairs = (entries: [string, unknown][], joiner: string) => entries.map(([k, v]) => `${e(k)}=${e(v)}`).join(joiner);
  const flat = (entries: [string, unknown][]) => entries.flatMap(([k, v]) => [e(k), e(v)]).join(',');
  const n = encode(name);
  if (style === 'label') {
    if (shape.kind === 'array') return `.${shape.items.map(e).join(explode ? '.' : ',')}`;
    if (shape.kind === 'object') return `.${explode ? pairs(shape.entries, '.') : flat(shape.entries)}`;
    return `.${e(shape.value)}`;
  }
  if (style === 'matrix') {
    if (shape.kind === 'array') return explode ? shape.items.map((item) => `;${n}=${e(item)}`).join('') : `;${n}=${shape.items.map(e).join(',')}`;
    if (shape.kind === 'object') return explode ? shape.entries.map(([k, v]) => `;${e(k)}=${e(v)}`).join('') : `;${n}=${flat(shape.entries)}`;
    const scalar = e(shape.value);
    return scalar === '' ? `;${n}` : `;${n}=${scalar}`;
  }
  if (shape.kind === 'array') return shape.items.map(e).join(',');
  if (shape.kind === 'object') return explode ? pairs(shape.entries, ',') : flat(shape.entries);
  return e(shape.value);
}

/** `name=value` pairs, already encoded, for the query string. */
function serializeQuery(name: string, value: unknown, argument: ToolArgument): string[] {
  const style = argument.style ?? 'form';
  const explode = argument.explode ?? style === 'form';
  const ev = (v: unknown) => (argument.allowReserved ? encodeAllowingReserved(text(v)) : encode(text(v)));
  const n = encode(name);
  const shape = shapeOf(value);
  const delimiter = style === 'spaceDelimited' ? '%20' : style === 'pipeDelimited' ? '|' : ',';
  if (style === 'deepObject' && shape.kind === 'object') return deepPairs(n, value, ev);
  if (shape.kind === 'array') {
    if (shape.items.length === 0) return [];
    return explode ? shape.items.map((item) => `${n}=${ev(item)}`) : [`${n}=${shape.items.map(ev).join(delimiter)}`];
  }
  if (shape.kind === 'object') {
    if (shape.entries.length === 0) return [];
    return explode ? shape.entries.map(([k, v]) => `${encode(k)}=${ev(v)}`) : [`${n}=${shape.entries.flatMap(([k, v]) => [ev(k), ev(v)]).join(delimiter)}`];
  }
  return [`${n}=${ev(shape.value)}`];
}

/** deepObject, and nested fields of a form body: `name[key][sub]=v`, array items by index. */
function deepPairs(prefix: string, value: unknown, ev: (v: unknown) => string): string[] {
  const shape = shapeOf(value);
  if (shape.kind === 'object') return shape.entries.flatMap(([k, v]) => deepPairs(`${prefix}[${encode(k)}]`, v, ev));
  if (shape.kind === 'array') return shape.items.flatMap((item, index) => deepPairs(`${prefix}[${index}]`, item, ev));
  return [`${prefix}=${ev(shape.value)}`];
}

function serializeHeader(value: unknown, explode: boolean): string {
  const shape = shapeOf(value);
  if (shape.kind === 'array') return shape.items.map(text).join(',');
  if (shape.kind === 'object') return shape.entries.map(([k, v]) => (explode ? `${k}=${text(v)}` : `${k},${text(v)}`)).join(',');
  return text(shape.value);
}

/** Cookie pairs in form style: values percent-encoded, the delimiters of the style left as they are. */
function serializeCookie(name: string, value: unknown, explode: boolean): string[] {
  const e = (v: unknown) => encode(text(v));
  const shape = shapeOf(value);
  if (shape.kind === 'array') return explode ? shape.items.map((item) => `${name}=${e(item)}`) : [`${name}=${shape.items.map(e).join(',')}`];
  if (shape.kind === 'object') {
    return explode ? shape.entries.map(([k, v]) => `${k}=${e(v)}`) : [`${name}=${shape.entries.flatMap(([k, v]) => [e(k), e(v)]).join(',')}`];
  }
  return [`${name}=${e(shape.value)}`];
}

function headerValue(name: string, value: string): string {
  if (/[^\t\x20-\x7e]/.test(value)) {
    throw invalid(`The ${name} header can only hold printable ASCII characters (no line breaks or accented letters).`, {
      [name]: ['must be printable ASCII'],
    });
  }
  return value;
}

function acceptHeader(responses: RequestOperation['responses']): string | undefined {
  const types = [...new Set((responses ?? []).flatMap((response) => response.contentTypes))].filter((type) => !/[\r\n,]/.test(type));
  return types.length > 0 ? `${types.join(', ')}, */*;q=0.1` : undefined;
}

// ---------------------------------------------------------------------------------------------
// Bodies

const isJson = (type: string) => /^application\/json\b/i.test(type) || /^[^;]*\+json\b/i.test(type);
const isText = (type: string) => /^text\//i.test(type) || /^[^;]*[/+]xml\b/i.test(type) || /^application\/(yaml|x-yaml|javascript|graphql)\b/i.test(type);
const isForm = (type: string) => /^application\/x-www-form-urlencoded\b/i.test(type);
const isMultipart = (type: string) => /^multipart\//i.test(type);

function bodySchema(detail: RequestOperation, argument: ToolArgument): JsonObject | undefined {
  const fromTool = (detail.inputSchema?.properties as JsonObject | undefined)?.[argument.name];
  const schema = detail.requestBody?.schema ?? fromTool;
  return schema && typeof schema === 'object' ? (schema as JsonObject) : undefined;
}

function serializeBody(value: unknown, declared: string, schema: JsonObject | undefined): { body: string | Uint8Array; contentType: string } {
  if (isJson(declared)) return { body: JSON.stringify(value), contentType: declared };
  if (isForm(declared)) return { body: formBody(value), contentType: declared };
  if (isMultipart(declared)) {
    const { body, boundary } = multipartBody(value, schema);
    const type = declared.split(';')[0]!.trim();
    return { body, contentType: `${type}; boundary=${boundary}` };
  }
  if (isText(declared)) return { body: text(value), contentType: declared };
  const wildcard = declared.includes('*');
  if (typeof value === 'object' && !isFileArgument(value)) {
    // A JSON value for an unspecific media type (`*/*`, `application/*`) is sent as JSON.
    if (wildcard) return { body: JSON.stringify(value), contentType: 'application/json' };
    return { body: JSON.stringify(value), contentType: declared };
  }
  // Anything at all: a string is text unless it is a data: URL.
  if (typeof value === 'string' && declared.startsWith('*/*') && !/^data:/i.test(value)) return { body: value, contentType: 'text/plain; charset=utf-8' };
  const file = fileFrom(value, 'body');
  return { body: file.bytes, contentType: wildcard ? (file.contentType ?? 'application/octet-stream') : declared };
}

function formBody(value: unknown): string {
  if (typeof value === 'string') return value;
  const shape = shapeOf(value);
  if (shape.kind !== 'object') throw invalid('A form body must be an object of fields.', { body: ['must be an object of fields'] });
  const e = (v: unknown) => formEncode(text(v));
  return shape.entries
    .filter(([, v]) => v !== null)
    .flatMap(([k, v]) => {
      const field = formEncode(k);
      const inner = shapeOf(v);
      if (inner.kind === 'array') return inner.items.flatMap((item) => (shapeOf(item).kind === 'scalar' ? [`${field}=${e(item)}`] : deepPairs(field, item, e)));
      if (inner.kind === 'object') return deepPairs(field, v, e);
      return [`${field}=${e(v)}`];
    })
    .join('&');
}

/** application/x-www-form-urlencoded as browsers write it: spaces as `+`. */
function formEncode(value: string): string {
  return encode(value).replace(/%20/g, '+');
}

function multipartBody(value: unknown, schema: JsonObject | undefined): { body: Uint8Array; boundary: string } {
  const shape = shapeOf(value);
  if (shape.kind !== 'object') throw invalid('A multipart body must be an object of fields.', { body: ['must be an object of fields'] });
  const boundary = `----ToolRuntime${crypto.randomUUID().replace(/-/g, '')}`;
  const properties = (schema?.properties ?? {}) as Record<string, JsonObject | undefined>;
  const parts: Uint8Array[] = [];
  const encoder = new TextEncoder();
  const quote = (s: string) => s.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
  const addPart = (name: string, headers: string, content: Uint8Array) => {
    parts.push(encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"${headers}\r\n\r\n`), content, encoder.encode('\r\n'));
  };
  const addValue = (name: string, item: unknown, fieldSchema: JsonObject | undefined) => {
    if (item === null || item === undefined) return;
    const binary = fieldSchema?.format === 'binary' || fieldSchema?.contentEncoding === 'base64' || (fieldSchema?.contentMediaType !== undefined && fieldSchema.type === 'string');
    if (isFileArgument(item) || (binary && typeof item === 'string')) {
      const file = fileFrom(item, `body.${name}`);
      const filename = file.filename ?? name;
      addPart(name, `; filename="${quote(filename)}"\r\nContent-Type: ${file.contentType ?? 'application/octet-stream'}`, file.bytes);
    } else if (typeof item === 'object') {
      addPart(name, '\r\nContent-Type: application/json', encoder.encode(JSON.stringify(item)));
    } else {
      addPart(name, '', encoder.encode(text(item)));
    }
  };
  for (const [name, field] of shape.entries) {
    const fieldSchema = properties[name];
    if (Array.isArray(field)) {
      const itemSchema = (fieldSchema?.items ?? undefined) as JsonObject | undefined;
      for (const item of field) addValue(name, item, itemSchema);
    } else {
      addValue(name, field, fieldSchema);
    }
  }
  parts.push(encoder.encode(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), boundary };
}

function isFileArgument(value: unknown): value is FileArgument {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as FileArgument).data === 'string';
}

const base64Pattern = /^[A-Za-z0-9+/\-_]*={0,2}$/;

function looksLikeBase64(value: string): boolean {
  const compact = value.replace(/\s+/g, '');
  return compact.length > 0 && compact.length % 4 !== 1 && base64Pattern.test(compact);
}

/** Bytes from base64, a `data:` URL, or `{ filename, contentType, data }`. */
function fileFrom(value: unknown, field: string): { bytes: Uint8Array; filename?: string; contentType?: string } {
  const file: FileArgument = isFileArgument(value) ? value : { data: typeof value === 'string' ? value : '' };
  if (!isFileArgument(value) && typeof value !== 'string') {
    throw invalid(`${field} must be base64 text or { filename, contentType, data } with the data in base64.`, { [field]: ['must be base64'] });
  }
  let data = file.data;
  let contentType = file.contentType;
  const dataUrl = /^data:([^;,]*)(?:;[^,]*)?;base64,/i.exec(data);
  if (dataUrl) {
    data = data.slice(dataUrl[0].length);
    contentType ??= dataUrl[1] || undefined;
  }
  const compact = data.replace(/\s+/g, '');
  if (!(compact === '' || looksLikeBase64(compact))) {
    throw invalid(`${field} must be base64-encoded (the bytes to send, in base64).`, { [field]: ['must be base64'] });
  }
  return {
    bytes: new Uint8Array(Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64')),
    ...(file.filename ? { filename: file.filename } : {}),
    ...(contentType ? { contentType } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Authentication

type Placement = { header?: { name: string; value: string }; query?: { name: string; value: string }; cookie?: { name: string; value: string } };

function authentication(target: ConnectorTarget, credentials: Credentials): Placement {
  const need = (value: string | undefined, what: string, field: string): string => {
    if (value) return value;
    throw invalid(`This connector has no ${what} saved. Add it in the connector's settings, then try again.`, { [field]: [`Enter the ${what}.`] });
  };
  switch (target.authType) {
    case 'none':
      return {};
    case 'api_key': {
      const place = target.authConfig.apiKey;
      if (!place?.name) {
        throw invalid('This connector does not say where its API key goes. Set the parameter name and location in its settings.', { apiKey: ['Set where the key goes.'] });
      }
      const key = need(credentials.apiKey, 'API key', 'api_key');
      const value = place.prefix ? `${place.prefix} ${key}` : key;
      if (place.in === 'header') return { header: { name: place.name.toLowerCase(), value: headerValue(place.name, value) } };
      if (place.in === 'query') return { query: { name: place.name, value } };
      return { cookie: { name: place.name, value } };
    }
    case 'basic': {
      const username = need(credentials.username ?? target.authConfig.username, 'user name', 'username');
      if (username.includes(':')) throw invalid('A user name for basic authentication cannot contain a colon.', { username: ['Remove the colon.'] });
      const encoded = Buffer.from(`${username}:${credentials.password ?? ''}`, 'utf8').toString('base64');
      return { header: { name: 'authorization', value: `Basic ${encoded}` } };
    }
    case 'bearer':
      return { header: { name: 'authorization', value: headerValue('Authorization', `Bearer ${need(credentials.token, 'token', 'token')}`) } };
    case 'oauth2_code':
    case 'oauth2_client_credentials':
      return {
        header: { name: 'authorization', value: headerValue('Authorization', `Bearer ${need(credentials.token, 'access token (connect the account first)', 'access_token')}`) },
      };
  }
}
