import { serveCatalogDocument } from '@/lib/catalog/serve';
import { apiRoute } from '@/server/api';

export const dynamic = 'force-dynamic';

/** One published document of this deployment's catalogue, by the sha256 of its bytes: immutable. */
export const GET = apiRoute<{ file: string }>('repository.document', (request, { params }) => serveCatalogDocument(request, params.file));
