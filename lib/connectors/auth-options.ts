// What authentication a provider's document asks for, turned into connector auth settings.
import type { AuthConfig, AuthType } from '@/db/schema';
import type { JsonObject } from '@/lib/openapi';

export type AuthOption = { authType: AuthType; label: string; schemeName?: string; config: AuthConfig };

export const authTypeLabels: Record<AuthType, string> = {
  none: 'No authentication',
  api_key: 'API key',
  basic: 'HTTP basic',
  bearer: 'HTTP bearer token',
  oauth2_code: 'User OAuth (authorization code)',
  oauth2_client_credentials: 'App Token (client credentials)',
};

type Flow = { authorizationUrl?: string; tokenUrl?: string; refreshUrl?: string; scopes?: Record<string, string> };

/** One option per usable scheme and flow; empty when the document declares none (GitHub's does not). */
export function authOptionsFromSchemes(schemes: Record<string, JsonObject>): AuthOption[] {
  const options: AuthOption[] = [];
  for (const [schemeName, scheme] of Object.entries(schemes)) {
    const type = String(scheme.type ?? '');
    if (type === 'apiKey') {
      const place = scheme.in === 'query' || scheme.in === 'cookie' ? scheme.in : 'header';
      options.push({
        authType: 'api_key',
        label: `API key "${String(scheme.name)}" in ${place} (${schemeName})`,
        schemeName,
        config: { schemeName, apiKey: { name: String(scheme.name ?? 'X-API-Key'), in: place } },
      });
    } else if (type === 'http' && String(scheme.scheme).toLowerCase() === 'basic') {
      options.push({ authType: 'basic', label: `HTTP basic (${schemeName})`, schemeName, config: { schemeName } });
    } else if (type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer') {
      options.push({ authType: 'bearer', label: `Bearer token (${schemeName})`, schemeName, config: { schemeName } });
    } else if (type === 'oauth2') {
      const flows = (scheme.flows ?? {}) as Record<string, Flow>;
      if (flows.authorizationCode) {
        const flow = flows.authorizationCode;
        options.push({
          authType: 'oauth2_code',
          label: `User OAuth (${schemeName})`,
          schemeName,
          config: { schemeName, oauth2: { authorizationUrl: flow.authorizationUrl, tokenUrl: flow.tokenUrl, scopes: Object.keys(flow.scopes ?? {}), clientAuth: 'basic' } },
        });
      }
      if (flows.clientCredentials) {
        const flow = flows.clientCredentials;
        options.push({
          authType: 'oauth2_client_credentials',
          label: `App Token (${schemeName})`,
          schemeName,
          config: { schemeName, oauth2: { tokenUrl: flow.tokenUrl, scopes: Object.keys(flow.scopes ?? {}), clientAuth: 'basic' } },
        });
      }
    } else if (type === 'openIdConnect') {
      const url = String(scheme.openIdConnectUrl ?? '');
      options.push({
        authType: 'oauth2_code',
        label: `User OAuth via OpenID Connect (${schemeName})`,
        schemeName,
        config: { schemeName, oauth2: { issuer: url.replace(/\/\.well-known\/openid-configuration$/, ''), scopes: ['openid'], clientAuth: 'basic' } },
      });
    }
  }
  return options;
}

/** The secrets each auth type takes. Everything else about a connector is plain configuration. */
export const secretNamesOf: Record<AuthType, string[]> = {
  none: [],
  api_key: ['api_key'],
  basic: ['password'],
  bearer: ['token'],
  oauth2_code: ['client_secret'],
  oauth2_client_credentials: ['client_secret'],
};
