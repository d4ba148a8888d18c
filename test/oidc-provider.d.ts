// oidc-provider ships no type declarations; the tests use a small part of it.
declare module 'oidc-provider' {
  import type { IncomingMessage, Server, ServerResponse } from 'node:http';
  type TokenModel = { scope?: string; isExpired: boolean; destroy(): Promise<void> };
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    proxy: boolean;
    listen(port: number, host: string, callback: () => void): Server;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (ctx: never, ...args: unknown[]) => void): this;
    AccessToken: { find(value: string): Promise<TokenModel | undefined> };
    ClientCredentials: { find(value: string): Promise<TokenModel | undefined> };
  }
}
