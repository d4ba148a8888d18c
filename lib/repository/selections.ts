import 'server-only';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { providers, repositorySelections, type UpdatePolicy } from '@/db/schema';
import { recordAudit, type Actor } from '@/lib/audit/record';
import type { CatalogIndex } from '@/lib/catalog/format';
import { AppError } from '@/lib/errors';

/** Adds catalogue providers to the workspace's selection (already selected ones stay as they are). */
export async function selectProviders({ db, workspaceId, actor, index, catalogIds }: { db: Db; workspaceId: string; actor: Actor; index: CatalogIndex; catalogIds: string[] }) {
  const byId = new Map(index.providers.map((p) => [p.id, p]));
  const unknown = catalogIds.filter((id) => !byId.has(id));
  if (unknown.length)
    throw new AppError('invalid', `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in the catalogue. Reload the page to see what it offers now.`);
  if (catalogIds.length === 0) throw new AppError('invalid', 'Select at least one provider of the catalogue.');
  return db.transaction(async (tx) => {
    const added = await tx
      .insert(repositorySelections)
      .values([...new Set(catalogIds)].map((catalogId) => ({ workspaceId, catalogId, name: byId.get(catalogId)!.name, createdBy: actor.id })))
      .onConflictDoNothing()
      .returning({ catalogId: repositorySelections.catalogId });
    if (added.length) {
      await recordAudit({
        db: tx,
        workspaceId,
        actor,
        action: 'repository.selected',
        target: { type: 'repository', label: 'Central repository' },
        summary: { providers: added.map((a) => a.catalogId) },
      });
    }
    return { added: added.length };
  });
}

/** Stops syncing a provider. The workspace's provider, its versions and connectors stay. */
export async function unselectProvider({ db, workspaceId, actor, catalogId }: { db: Db; workspaceId: string; actor: Actor; catalogId: string }) {
  await db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(repositorySelections)
      .where(and(eq(repositorySelections.workspaceId, workspaceId), eq(repositorySelections.catalogId, catalogId)))
      .returning();
    if (!removed) throw new AppError('not_found', `${catalogId} is not selected in this workspace.`);
    await recordAudit({
      db: tx,
      workspaceId,
      actor,
      action: 'repository.unselected',
      target: { type: 'repository', id: removed.providerId, label: removed.name },
      summary: { catalogId },
    });
  });
}

export async function setUpdatePolicy({ db, workspaceId, actor, catalogId, policy }: { db: Db; workspaceId: string; actor: Actor; catalogId: string; policy: UpdatePolicy }) {
  await db.transaction(async (tx) => {
    const selection = await getSelection({ db: tx, workspaceId, catalogId });
    if (selection.policy === policy) return;
    await tx
      .update(repositorySelections)
      .set({ policy })
      .where(and(eq(repositorySelections.id, selection.id), eq(repositorySelections.workspaceId, workspaceId)));
    await recordAudit({
      db: tx,
      workspaceId,
      actor,
      action: 'repository.policy_changed',
      target: { type: 'repository', id: selection.providerId, label: selection.name },
      summary: { catalogId, from: selection.policy, to: policy },
    });
  });
}

export async function getSelection({ db, workspaceId, catalogId }: { db: Db; workspaceId: string; catalogId: string }) {
  const [selection] = await db
    .select()
    .from(repositorySelections)
    .where(and(eq(repositorySelections.workspaceId, workspaceId), eq(repositorySelections.catalogId, catalogId)));
  if (!selection) throw new AppError('not_found', `${catalogId} is not selected in this workspace. Select it in the Central Repository tab first.`);
  return selection;
}

/** The workspace's selections with the provider each became (slug for links, whether it was rolled back). */
export async function listSelections({ db, workspaceId, catalogIds }: { db: Db; workspaceId: string; catalogIds?: string[] }) {
  const conditions = [eq(repositorySelections.workspaceId, workspaceId)];
  if (catalogIds) conditions.push(inArray(repositorySelections.catalogId, catalogIds));
  return db
    .select({
      selection: repositorySelections,
      provider: {
        id: providers.id,
        slug: providers.slug,
        currentVersionId: providers.currentVersionId,
        versionCount: providers.versionCount,
        operationCount: providers.operationCount,
      },
    })
    .from(repositorySelections)
    .leftJoin(providers, and(eq(providers.id, repositorySelections.providerId), eq(providers.workspaceId, workspaceId)))
    .where(and(...conditions))
    .orderBy(asc(repositorySelections.name));
}

/** The selection a workspace provider came from, if it came from the catalogue. */
export async function selectionOfProvider({ db, workspaceId, providerId }: { db: Db; workspaceId: string; providerId: string }) {
  const [selection] = await db
    .select()
    .from(repositorySelections)
    .where(and(eq(repositorySelections.workspaceId, workspaceId), eq(repositorySelections.providerId, providerId)));
  return selection ?? null;
}
