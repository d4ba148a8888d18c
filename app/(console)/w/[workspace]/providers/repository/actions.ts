'use server';

import { after } from 'next/server';
import { z } from 'zod';
import { updatePolicies } from '@/db/schema';
import { CatalogError, defaultCatalogSource } from '@/lib/catalog/source';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { loadCatalog } from '@/lib/repository/catalog';
import { selectProviders, setUpdatePolicy, unselectProvider } from '@/lib/repository/selections';
import { rollbackProvider, runSync, startApplyUpdate, startSync } from '@/lib/repository/sync';
import { workspaceAction } from '@/server/action';

const catalogId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'Not a catalogue provider id.');

/** CatalogError carries a message for people; in an action it becomes an ordinary refusal. */
async function orUnavailable<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof CatalogError) throw new AppError('unavailable', error.message);
    throw error;
  }
}

/**
 * Selects the given providers (if any) and syncs the selection — those providers only, or all of
 * them. The sync runs after the response; the page polls the run's progress.
 */
export const syncProviders = workspaceAction(
  'repository.sync',
  { input: z.object({ catalogIds: z.array(catalogId).max(1000).optional(), trigger: z.enum(['manual', 'setup']).default('manual') }), role: 'builder' },
  async (input, ctx) => {
    const source = defaultCatalogSource();
    const workspaceId = ctx.workspace.id;
    if (input.catalogIds?.length) {
      const { index } = await orUnavailable(loadCatalog({ db: ctx.db, source }));
      await selectProviders({ db: ctx.db, workspaceId, actor: ctx.actor, index, catalogIds: input.catalogIds });
    }
    const run = await startSync({ db: ctx.db, workspaceId, actor: ctx.actor, trigger: input.trigger, catalogIds: input.catalogIds, source });
    after(() => runSync({ db: ctx.db, runId: run.id, workspaceId, actor: ctx.actor, source }).catch((error) => log.error('repository sync failed', { runId: run.id, error })));
    return { runId: run.id };
  },
);

export const unselect = workspaceAction('repository.unselect', { input: z.object({ catalogId }), role: 'builder' }, async (input, ctx) => {
  await unselectProvider({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, catalogId: input.catalogId });
  return null;
});

export const changePolicy = workspaceAction('repository.set_policy', { input: z.object({ catalogId, policy: z.enum(updatePolicies) }), role: 'admin' }, async (input, ctx) => {
  await setUpdatePolicy({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, ...input });
  return null;
});

/** Applies a waiting update in the background (a large provider takes a while); the page polls the run. */
export const applyUpdate = workspaceAction('repository.apply_update', { input: z.object({ catalogId }), role: 'builder' }, async (input, ctx) => {
  const source = defaultCatalogSource();
  const workspaceId = ctx.workspace.id;
  const run = await startApplyUpdate({ db: ctx.db, workspaceId, actor: ctx.actor, catalogId: input.catalogId, source });
  after(() =>
    runSync({ db: ctx.db, runId: run.id, workspaceId, actor: ctx.actor, source, approved: [input.catalogId] }).catch((error) =>
      log.error('repository apply failed', { runId: run.id, error }),
    ),
  );
  return { runId: run.id };
});

export const rollback = workspaceAction('repository.rollback', { input: z.object({ catalogId, versionId: z.uuid() }), role: 'builder' }, (input, ctx) =>
  rollbackProvider({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, ...input }),
);
