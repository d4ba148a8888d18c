import 'server-only';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '@/db';
import { isAppError } from '@/lib/errors';
import { getProviderBySlug, getVersion } from '@/lib/providers/queries';
import { requireWorkspace } from '@/server/workspace';

/** The provider page's data: the member's workspace, the provider and its current version. 404 across workspaces. */
export const loadProvider = cache(async (workspaceSlug: string, providerSlug: string) => {
  const access = await requireWorkspace(workspaceSlug);
  const db = await getDb();
  try {
    const provider = await getProviderBySlug({ db, workspaceId: access.workspace.id, slug: providerSlug });
    const version = provider.currentVersionId ? await getVersion({ db, workspaceId: access.workspace.id, versionId: provider.currentVersionId }) : null;
    return { ...access, db, provider, version, base: `/w/${access.workspace.slug}/providers/apis/${provider.slug}` };
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') notFound();
    throw error;
  }
});

export type ProviderPageParams = { params: Promise<{ workspace: string; provider: string }> };
