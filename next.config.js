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
  experimental: { authInterrupts: true },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
