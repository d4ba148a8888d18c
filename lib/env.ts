// The one place that reads process.env. Everything else imports `env` or `secrets()`.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const emptyAsUnset = (value: unknown) => (value === '' ? undefined : value);
const optionalString = z.preprocess(emptyAsUnset, z.string().optional());
const booleanFlag = z.preprocess(
  emptyAsUnset,
  z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
);

/** false: no forwarded header is believed; a number: that many reverse proxies of ours; vercel: the platform's headers. */
export type TrustProxy = false | number | 'vercel';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.preprocess(emptyAsUnset, z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  DATA_DIR: z.preprocess(emptyAsUnset, z.string().default('.data')),
  NEXTAUTH_URL: z.preprocess(emptyAsUnset, z.url().optional()),
  NEXTAUTH_SECRET: optionalString,
  CREDENTIALS_KEY: optionalString,
  /** Keys that may still decrypt during a rotation, comma-separated. Never used to encrypt. */
  CREDENTIALS_PREVIOUS_KEYS: optionalString.transform((v) =>
    (v ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
  ),
  OIDC_ISSUER: z.preprocess(emptyAsUnset, z.url().optional()),
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  OIDC_NAME: z.preprocess(emptyAsUnset, z.string().default('SSO')),
  /** Sent by the scheduler as `Authorization: Bearer …`; unset turns cron routes off. */
  CRON_SECRET: z.preprocess(
    emptyAsUnset,
    z.string().min(32, 'CRON_SECRET must be at least 32 characters, or it can be guessed. Generate one with: openssl rand -hex 32').optional(),
  ),
  /**
   * Which proxy may tell the client's address and the public host (X-Forwarded-For/-Host/-Proto):
   * false (default) none; true or a number of hops for your own reverse proxies; vercel for the
   * headers Vercel sets.
   */
  TRUST_PROXY: z.preprocess(
    (value) => (value === undefined || value === '' ? 'false' : String(value).trim().toLowerCase()),
    z
      .string()
      .regex(
        /^(?:false|true|vercel|[0-9]|10)$/,
        'Use false (the default: trust no forwarded header), true or a number of proxy hops (1-10) when your own reverse proxy sets X-Forwarded-For, or vercel on Vercel.',
      )
      .transform((v): TrustProxy => (v === 'false' || v === '0' ? false : v === 'true' ? 1 : v === 'vercel' ? 'vercel' : Number(v))),
  ),
  /** Base URL of a central repository (`<base>/index.json`); unset: the bundled catalogue in catalog/dist. */
  CENTRAL_REPOSITORY_URL: z.preprocess(emptyAsUnset, z.url({ protocol: /^https?$/, message: 'Use an http(s) URL, like https://repo.example.com/api/repository.' }).optional()),
  /** Where this deployment's bundled catalogue is (index.json + documents/); default catalog/dist. */
  CATALOG_DIR: optionalString,
  ALLOW_PRIVATE_NETWORK: booleanFlag,
  /** Reproducible builds: `catalog:build` dates what it publishes at this Unix time instead of now. */
  SOURCE_DATE_EPOCH: z.preprocess(emptyAsUnset, z.coerce.number().int().nonnegative().optional()),
  LOG_LEVEL: z.preprocess(emptyAsUnset, z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info')),
});

export type Env = z.infer<typeof schema>;

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export const env = parseEnv(process.env);

export const databaseKind: 'postgres' | 'pglite' = env.DATABASE_URL ? 'postgres' : 'pglite';

export const dataDir = path.resolve(env.DATA_DIR);

export const oidcEnabled = Boolean(env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET);

// next-auth v4 falls back to http://localhost:3000 for its callback URLs unless it may trust the
// Host header. Without NEXTAUTH_URL we trust the host: the embedded default runs on a developer's
// machine, and production deployments are told to set NEXTAUTH_URL.
if (!env.NEXTAUTH_URL && !process.env.AUTH_TRUST_HOST) process.env.AUTH_TRUST_HOST = 'true';

export type Secrets = { sessionSecret: string; credentialsKey: string; previousCredentialsKeys: string[] };

/** DATA_DIR/secrets.json as generated, and as `keys:rotate` rewrites it in the embedded default. */
export type SecretsFile = { sessionSecret: string; credentialsKey: string; previousCredentialsKeys?: string[] };

export const secretsFilePath = () => path.join(dataDir, 'secrets.json');

let cachedSecrets: Secrets | undefined;

/**
 * The session secret and the credentials key. Taken from the environment; in the embedded default
 * (or any non-production start) a missing one is generated once into DATA_DIR/secrets.json with a
 * warning. A production start with DATABASE_URL refuses to run without them.
 */
export function secrets(): Secrets {
  if (cachedSecrets) return cachedSecrets;
  const fromEnv = { sessionSecret: env.NEXTAUTH_SECRET, credentialsKey: env.CREDENTIALS_KEY };
  const missing = [!fromEnv.sessionSecret && 'NEXTAUTH_SECRET', !fromEnv.credentialsKey && 'CREDENTIALS_KEY'].filter(Boolean);
  const previousFromEnv = env.CREDENTIALS_PREVIOUS_KEYS;
  if (missing.length === 0) return (cachedSecrets = { ...(fromEnv as Omit<Secrets, 'previousCredentialsKeys'>), previousCredentialsKeys: previousFromEnv });

  if (env.NODE_ENV === 'production' && env.DATABASE_URL) {
    throw new Error(`${missing.join(' and ')} must be set when NODE_ENV=production and DATABASE_URL is set. ` + `Generate one with: openssl rand -base64 32`);
  }
  // `next build` renders pages to find the static ones; it must not write into DATA_DIR.
  if (process.env.NEXT_PHASE === 'phase-production-build') {
    return { sessionSecret: randomBytes(32).toString('base64'), credentialsKey: randomBytes(32).toString('base64'), previousCredentialsKeys: [] };
  }
  const generated = readOrCreateGeneratedSecrets();
  // The file's previous keys belong to the file's key (an interrupted `keys:rotate`).
  const previousFromFile = fromEnv.credentialsKey ? [] : (generated.previousCredentialsKeys ?? []);
  return (cachedSecrets = {
    sessionSecret: fromEnv.sessionSecret ?? generated.sessionSecret,
    credentialsKey: fromEnv.credentialsKey ?? generated.credentialsKey,
    previousCredentialsKeys: [...new Set([...previousFromEnv, ...previousFromFile])],
  });
}

function readOrCreateGeneratedSecrets(): SecretsFile {
  const file = secretsFilePath();
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as SecretsFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const generated: SecretsFile = {
    sessionSecret: randomBytes(32).toString('base64'),
    credentialsKey: randomBytes(32).toString('base64'),
  };
  try {
    fs.writeFileSync(file, JSON.stringify(generated, null, 2), { mode: 0o600, flag: 'wx' });
    console.warn(`[setup] Generated a session secret and a credentials key into ${file}. ` + 'Back this file up with the database, or set NEXTAUTH_SECRET and CREDENTIALS_KEY.');
    return generated;
  } catch (error) {
    // Another process created it first; use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return JSON.parse(fs.readFileSync(file, 'utf8')) as SecretsFile;
    throw error;
  }
}
