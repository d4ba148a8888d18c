import 'server-only';
import { getDb } from '@/db';
import { authOptionsFromSchemes } from '@/lib/connectors/auth-options';
import { getProviderById, getVersion } from '@/lib/providers/queries';
import { orNotFound } from '@/server/workspace';

/** The provider's document facts a connector form needs: its auth choices and servers. */
export async function providerFormFacts(workspaceId: string, providerId: string) {
  const db = await getDb();
  const provider = await orNotFound(getProviderById({ db, workspaceId, id: providerId }));
  const version = provider.currentVersionId ? await orNotFound(getVersion({ db, workspaceId, versionId: provider.currentVersionId })) : null;
  return { provider, choices: authOptionsFromSchemes(version?.securitySchemes ?? {}), servers: version?.servers ?? [] };
}
