// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships a wasm build of Postgres; bundling it triples .next and breaks its file loading.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', '@apidevtools/swagger-parser'],
  // The bundled catalogue (built by `catalog:build` before `next build`) is read from disk at run
  // time. Tracing ships catalog/dist with whatever imports lib/catalog/bundled.ts; named here too
  // for the routes that must have it.
  outputFileTracingIncludes: {
    '/api/repository/**/*': ['./catalog/dist/**/*'],
    '/api/cron/**/*': ['./catalog/dist/**/*'],
  },
  poweredByHeader: false,
  typedRoutes: false,
  experimental: {
    authInterrupts: true,
    // Server actions take forms and small JSON, never documents (imports go through a route that
    // streams up to 60 MB): Next counts an action's body while reading and answers 413 past 1 MB.
    serverActions: { bodySizeLimit: '1mb' },
    // proxy.ts runs on /w/* (where actions are posted) and buffers a copy of the body for itself, by
    // default up to 10 MB. Above the action limit, so an oversized action still gets Next's 413, but
    // no more than 2 MB of anyone's body is ever held for the proxy.
    proxyClientMaxBodySize: '2mb',
  },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          // Images only from this app (catalogue logos are bundled and served by /api/repository/logos/),
          // so no page makes a viewer's browser contact another host for one.
          { key: 'Content-Security-Policy', value: "img-src 'self' data:" },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
