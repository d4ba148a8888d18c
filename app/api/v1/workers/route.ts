import { registrationRoutes } from '@/server/registrations';

export const dynamic = 'force-dynamic';

/** GET and POST /api/v1/workers: see registrationRoutes. */
export const { GET, POST } = registrationRoutes('worker');
