import { serveCatalogIndex } from '@/lib/catalog/serve';
import { apiRoute } from '@/server/api';

export const dynamic = 'force-dynamic';

/** This deployment's catalogue index, public: another instance sets CENTRAL_REPOSITORY_URL to <this origin>/api/repository. */
export const GET = apiRoute('repository.index', (request) => serveCatalogIndex(request));
