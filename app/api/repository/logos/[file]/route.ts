import { serveCatalogLogo } from '@/lib/catalog/serve';
import { apiRoute } from '@/server/api';

export const dynamic = 'force-dynamic';

/** A provider logo of the catalogue, by the sha256 of its bytes: immutable, public, served from this app so browsers contact no other host. */
export const GET = apiRoute<{ file: string }>('repository.logo', (request, { params }) => serveCatalogLogo(request, params.file));
