import { registrationRoutes } from '@/server/registrations';

export const dynamic = 'force-dynamic';

/** GET and POST /api/v1/workflows: see registrationRoutes. */
export const { GET, POST } = registrationRoutes('workflow');
