import 'server-only';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { authOptionsFromSchemes } from '@/lib/connectors/auth-options';
import { isAppError } from '@/lib/errors';
import { getProviderById, getVersion } from '@/lib/providers/queries';

/** The provider's document facts a connector form needs: its auth choices and servers. */
export async function providerFormFacts(workspaceId: string, providerId: string) {
  const db = await getDb();
  try {
    const provider = await getProviderById({ db, workspaceId, id: providerId });
    const version = provider.currentVersionId ? await getVersion({ db, workspaceId, versionId: provider.currentVersionId }) : null;
    return { provider, choices: authOptionsFromSchemes(version?.securitySchemes ?? {}), servers: version?.servers ?? [] };
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') notFound();
    throw error;
  }
}
