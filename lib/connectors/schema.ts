import { z } from 'zod';
import { credentialModes } from '@/db/schema';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters.`)
    .optional()
    .transform((v) => v || undefined);

const httpUrl = z.url({ protocol: /^https?$/, message: 'Use an http(s) URL.' });

/** A secret field: omitted or empty keeps what is stored; a value replaces it. */
const secret = z.string().max(8192, 'That is longer than any credential we accept.').optional();

const parameterName = z
  .string()
  .trim()
  .min(1, 'Name the parameter.')
  .max(100)
  .regex(/^[A-Za-z0-9_.-]+$/, 'Use letters, digits, dots, dashes and underscores.');

const common = {
  name: z.string().trim().min(1, 'Name the connector.').max(100, 'Use at most 100 characters.'),
  description: optionalText(500),
  environment: z.string().trim().min(1, 'Choose or type an environment.').max(40),
  credentialMode: z.enum(credentialModes),
  baseUrl: z
    .union([z.literal(''), httpUrl])
    .optional()
    .transform((v) => v || undefined),
  serverVariables: z.record(z.string().max(64), z.string().max(500)).default({}),
  extraParameters: z
    .array(z.object({ name: parameterName, secret: z.boolean(), value: z.string().max(4096).optional() }))
    .max(30)
    .default([])
    .refine((list) => new Set(list.map((p) => p.name)).size === list.length, 'Each extra parameter needs its own name.'),
  testToolName: optionalText(64),
  /** The document's security scheme this connector implements (for the scopes operations require). */
  schemeName: optionalText(100),
};

const oauth2 = z.object({
  issuer: z
    .union([z.literal(''), httpUrl])
    .optional()
    .transform((v) => v || undefined),
  authorizationUrl: z
    .union([z.literal(''), httpUrl])
    .optional()
    .transform((v) => v || undefined),
  tokenUrl: z
    .union([z.literal(''), httpUrl])
    .optional()
    .transform((v) => v || undefined),
  scopes: z.array(z.string().trim().min(1).max(200)).max(100).default([]),
  clientId: z.string().trim().min(1, 'Enter the client id.').max(500),
  clientAuth: z.enum(['basic', 'post']).default('basic'),
});

/** A connector as the builder fills it in: its auth is one of the types, each with just its fields. */
export const connectorInputSchema = z.discriminatedUnion('authType', [
  z.object({ ...common, authType: z.literal('none') }),
  z.object({
    ...common,
    authType: z.literal('api_key'),
    apiKey: z.object({ name: parameterName, in: z.enum(['header', 'query', 'cookie']), prefix: optionalText(40) }),
    secrets: z.object({ api_key: secret }).default({}),
  }),
  z.object({ ...common, authType: z.literal('basic'), username: z.string().trim().min(1, 'Enter the user name.').max(500), secrets: z.object({ password: secret }).default({}) }),
  z.object({ ...common, authType: z.literal('bearer'), secrets: z.object({ token: secret }).default({}) }),
  z.object({
    ...common,
    authType: z.literal('oauth2_code'),
    oauth2: oauth2.refine((o) => o.issuer || (o.authorizationUrl && o.tokenUrl), 'Give the issuer, or the authorization and token URLs.'),
    secrets: z.object({ client_secret: secret }).default({}),
  }),
  z.object({
    ...common,
    authType: z.literal('oauth2_client_credentials'),
    oauth2: oauth2.refine((o) => o.issuer || o.tokenUrl, 'Give the issuer or the token URL.'),
    secrets: z.object({ client_secret: secret }).default({}),
  }),
]);

export type ConnectorInput = z.infer<typeof connectorInputSchema>;
