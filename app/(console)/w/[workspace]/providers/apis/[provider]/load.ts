import 'server-only';
import { cache } from 'react';
import { getDb } from '@/db';
import { getProviderBySlug, getVersion } from '@/lib/providers/queries';
import { orNotFound, requireWorkspace } from '@/server/workspace';

/** The provider page's data: the member's workspace, the provider and its current version. 404 across workspaces. */
export const loadProvider = cache(async (workspaceSlug: string, providerSlug: string) => {
  const access = await requireWorkspace(workspaceSlug);
  const db = await getDb();
  const workspaceId = access.workspace.id;
  const provider = await orNotFound(getProviderBySlug({ db, workspaceId, slug: providerSlug }));
  const version = provider.currentVersionId ? await orNotFound(getVersion({ db, workspaceId, versionId: provider.currentVersionId })) : null;
  return { ...access, db, provider, version, base: `/w/${access.workspace.slug}/providers/apis/${provider.slug}` };
});

export type ProviderPageParams = { params: Promise<{ workspace: string; provider: string }> };
