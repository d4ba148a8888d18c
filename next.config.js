// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships a wasm build of Postgres; bundling it triples .next and breaks its file loading.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', '@apidevtools/swagger-parser'],
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
