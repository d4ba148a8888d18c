import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { disabledTools, operations, providers, providerVersions } from '@/db/schema';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { diffVersions, estimateToolListTokens, toAnthropicTools, toMcpTools, toOpenAiTools, type VersionDiff } from '@/lib/openapi';
import { slugSchema } from '@/lib/workspaces/workspaces';
import { getProviderById, getVersion, toolNamesOf, type OperationFilter } from './queries';
import { snapshotOfVersion } from './snapshot';

export const providerDetailsSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(120, 'Use at most 120 characters.'),
  slug: slugSchema,
  description: z.string().trim().max(2000, 'Use at most 2000 characters.').optional(),
  logoUrl: z
    // A logo bundled with the catalogue is served by this app (what a synced provider has).
    // Browsers load images only from this app (img-src 'self'), so a third-party URL would never show.
    .union([
      z.literal(''),
      z
        .string()
        .regex(
          /^\/api\/repository\/logos\/[0-9a-f]{64}\.(png|jpg|gif|webp|svg)$/,
          'Logos are shown only when this app serves them (those bundled with the catalogue); leave it empty for the monogram.',
        ),
    ])
    .optional()
    .transform((v) => v || undefined),
});

export async function updateProviderDetails({
  db,
  workspaceId,
  actor,
  providerId,
  details,
}: {
  db: Db;
  workspaceId: string;
  actor: Actor;
  providerId: string;
  details: { name: string; slug: string; description?: string; logoUrl?: string };
}) {
  return db.transaction(async (tx) => {
    const before = await getProviderById({ db: tx, workspaceId, id: providerId });
    const [clash] = await tx
      .select({ id: providers.id })
      .from(providers)
      .where(and(eq(providers.workspaceId, workspaceId), eq(providers.slug, details.slug)));
    if (clash && clash.id !== providerId)
      throw new AppError('conflict', `The slug "${details.slug}" is taken by another provider.`, { fields: { slug: ['This slug is taken in this workspace.'] } });
    await tx
      .update(providers)
      .set({ name: details.name, slug: details.slug, description: details.description ?? null, logoUrl: details.logoUrl ?? null })
      .where(and(eq(providers.id, providerId), eq(providers.workspaceId, workspaceId)));
    const changed = Object.fromEntries(
      (['name', 'slug', 'description', 'logoUrl'] as const)
        .filter((k) => (before[k] ?? undefined) !== (details[k] ?? undefined))
        .map((k) => [k, { from: before[k], to: details[k] ?? null }]),
    );
    await recordAudit({ db: tx, workspaceId, actor, action: 'provider.updated', target: { type: 'provider', id: providerId, label: details.name }, summary: changed });
    return { slug: details.slug };
  });
}

/** Turns tools on or off by name. Curation is per provider and tool name, so it outlives versions. */
export async function setToolsEnabled({
  db,
  workspaceId,
  actor,
  providerId,
  toolNames,
  enabled,
}: {
  db: Db;
  workspaceId: string;
  actor: Actor;
  providerId: string;
  toolNames: string[];
  enabled: boolean;
}) {
  if (toolNames.length === 0) return { changed: 0 };
  return db.transaction(async (tx) => {
    const provider = await getProviderById({ db: tx, workspaceId, id: providerId });
    let changed = 0;
    for (let i = 0; i < toolNames.length; i += 1000) {
      const batch = toolNames.slice(i, i + 1000);
      const rows = enabled
        ? await tx
            .delete(disabledTools)
            .where(and(eq(disabledTools.providerId, providerId), inArray(disabledTools.toolName, batch)))
            .returning({ t: disabledTools.toolName })
        : await tx
            .insert(disabledTools)
            .values(batch.map((toolName) => ({ workspaceId, providerId, toolName })))
            .onConflictDoNothing()
            .returning({ t: disabledTools.toolName });
      changed += rows.length;
    }
    if (changed > 0) {
      await recordAudit({
        db: tx,
        workspaceId,
        actor,
        action: enabled ? 'provider.tools_enabled' : 'provider.tools_disabled',
        target: { type: 'provider', id: providerId, label: provider.name },
        summary: { count: changed, tools: toolNames.slice(0, 20) },
      });
    }
    return { changed };
  });
}

export async function setToolsEnabledByFilter({
  db,
  workspaceId,
  actor,
  providerId,
  filter,
  enabled,
}: {
  db: Db;
  workspaceId: string;
  actor: Actor;
  providerId: string;
  filter: OperationFilter;
  enabled: boolean;
}) {
  const provider = await getProviderById({ db, workspaceId, id: providerId });
  if (!provider.currentVersionId) return { changed: 0 };
  const names = await toolNamesOf({ db, workspaceId, versionId: provider.currentVersionId, filter });
  return setToolsEnabled({ db, workspaceId, actor, providerId, toolNames: names, enabled });
}

/** How many tools of the current version are enabled, and what their definitions cost in tokens. */
export async function enabledToolSummary({ db, workspaceId, providerId }: { db: Db; workspaceId: string; providerId: string }) {
  const provider = await getProviderById({ db, workspaceId, id: providerId });
  if (!provider.currentVersionId) return { total: 0, enabled: 0, tokens: 0 };
  const [row] = await db
    .select({
      total: sql<number>`count(*)::int`,
      enabled: sql<number>`count(*) filter (where ${disabledTools.toolName} is null)::int`,
      tokens: sql<number>`coalesce(sum(${operations.toolTokens}) filter (where ${disabledTools.toolName} is null), 0)::int`,
    })
    .from(operations)
    .leftJoin(disabledTools, and(eq(disabledTools.providerId, providerId), eq(disabledTools.toolName, operations.toolName)))
    .where(and(eq(operations.workspaceId, workspaceId), eq(operations.versionId, provider.currentVersionId)));
  return { total: row?.total ?? 0, enabled: row?.enabled ?? 0, tokens: row?.tokens ?? 0 };
}

export const toolFormats = ['openai', 'anthropic', 'mcp'] as const;
export type ToolFormat = (typeof toolFormats)[number];

/** The enabled tools of the provider's current version, in the format a model or client expects. */
export async function exportEnabledTools({ db, workspaceId, providerId, format }: { db: Db; workspaceId: string; providerId: string; format: ToolFormat }) {
  const provider = await getProviderById({ db, workspaceId, id: providerId });
  if (!provider.currentVersionId) return { provider, tools: [] as unknown[], tokens: 0 };
  const rows = await db
    .select({ name: operations.toolName, detail: operations.detail })
    .from(operations)
    .leftJoin(disabledTools, and(eq(disabledTools.providerId, providerId), eq(disabledTools.toolName, operations.toolName)))
    .where(and(eq(operations.workspaceId, workspaceId), eq(operations.versionId, provider.currentVersionId), sql`${disabledTools.toolName} is null`))
    .orderBy(operations.toolName);
  const definitions = rows.map((r) => ({ name: r.name, description: r.detail.toolDescription, inputSchema: r.detail.inputSchema, truncated: r.detail.toolTruncated }));
  const tools = format === 'openai' ? toOpenAiTools(definitions) : format === 'anthropic' ? toAnthropicTools(definitions) : toMcpTools(definitions);
  return { provider, tools: tools as unknown[], tokens: estimateToolListTokens(definitions) };
}

/** Rolls the provider to one of its versions. */
export async function makeVersionCurrent({ db, workspaceId, actor, providerId, versionId }: { db: Db; workspaceId: string; actor: Actor; providerId: string; versionId: string }) {
  return db.transaction(async (tx) => {
    const provider = await getProviderById({ db: tx, workspaceId, id: providerId });
    const version = await getVersion({ db: tx, workspaceId, versionId });
    if (version.providerId !== providerId) throw new AppError('not_found', 'That version does not belong to this provider.');
    if (provider.currentVersionId === versionId) return { changed: false };
    const [from] = provider.currentVersionId
      ? await tx.select({ number: providerVersions.number }).from(providerVersions).where(eq(providerVersions.id, provider.currentVersionId))
      : [];
    await tx
      .update(providers)
      .set({ currentVersionId: versionId, operationCount: version.operationCount })
      .where(and(eq(providers.id, providerId), eq(providers.workspaceId, workspaceId)));
    await recordAudit({
      db: tx,
      workspaceId,
      actor,
      action: 'provider.version_made_current',
      target: { type: 'provider', id: providerId, label: provider.name },
      summary: { from: from?.number ?? null, to: version.number },
    });
    return { changed: true };
  });
}

/** The diff between any two versions of a provider (from → to). */
export async function diffBetween({
  db,
  workspaceId,
  providerId,
  fromVersionId,
  toVersionId,
}: {
  db: Db;
  workspaceId: string;
  providerId: string;
  fromVersionId: string;
  toVersionId: string;
}): Promise<VersionDiff> {
  const [from, to] = await Promise.all([getVersion({ db, workspaceId, versionId: fromVersionId }), getVersion({ db, workspaceId, versionId: toVersionId })]);
  if (from.providerId !== providerId || to.providerId !== providerId) throw new AppError('not_found', 'Those versions do not belong to this provider.');
  const [before, after] = await Promise.all([snapshotOfVersion({ db, workspaceId, versionId: fromVersionId }), snapshotOfVersion({ db, workspaceId, versionId: toVersionId })]);
  return diffVersions(before, after);
}

/**
 * Deletes a provider with its versions, operations and curation. Connectors that use it are
 * counted by `countConnectors` (the connectors feature plugs in there); while any exist, the
 * delete is refused unless the person confirmed removing them too.
 */
export async function deleteProvider({
  db,
  workspaceId,
  actor,
  providerId,
  confirmRemoveConnectors = false,
  countConnectors = async () => 0,
}: {
  db: Db;
  workspaceId: string;
  actor: Actor;
  providerId: string;
  confirmRemoveConnectors?: boolean;
  countConnectors?: (tx: Db, providerId: string) => Promise<number>;
}) {
  await db.transaction(async (tx) => {
    const provider = await getProviderById({ db: tx, workspaceId, id: providerId });
    const connectorCount = await countConnectors(tx, providerId);
    if (connectorCount > 0 && !confirmRemoveConnectors) {
      throw new AppError(
        'conflict',
        `${connectorCount} connector${connectorCount === 1 ? ' uses' : 's use'} ${provider.name}. Confirm that they should be deleted too, or delete them first.`,
      );
    }
    await tx.delete(providers).where(and(eq(providers.id, providerId), eq(providers.workspaceId, workspaceId)));
    await recordAudit({
      db: tx,
      workspaceId,
      actor,
      action: 'provider.deleted',
      target: { type: 'provider', id: providerId, label: provider.name },
      summary: { slug: provider.slug, versions: provider.versionCount, connectorsRemoved: connectorCount },
    });
  });
}
