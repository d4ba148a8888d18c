import 'server-only';
import { and, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { auditLog, type AuditEntry } from '@/db/schema';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-11-28.');

export const auditFilterSchema = z.object({
  actor: z.string().trim().max(200).optional(),
  action: z.string().trim().max(100).optional(),
  targetType: z.string().trim().max(100).optional(),
  from: day.optional(),
  to: day.optional(),
});

export type AuditFilter = z.infer<typeof auditFilterSchema>;

function filterConditions(workspaceId: string, filter: AuditFilter): SQL[] {
  const conditions: SQL[] = [eq(auditLog.workspaceId, workspaceId)];
  if (filter.actor) conditions.push(sql`${auditLog.actorLabel} ilike ${`%${escapeLike(filter.actor)}%`}`);
  if (filter.action) conditions.push(or(eq(auditLog.action, filter.action), sql`${auditLog.action} like ${`${escapeLike(filter.action)}.%`}`)!);
  if (filter.targetType) conditions.push(eq(auditLog.targetType, filter.targetType));
  if (filter.from) conditions.push(gte(auditLog.createdAt, new Date(`${filter.from}T00:00:00Z`)));
  if (filter.to) conditions.push(lt(auditLog.createdAt, new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86_400_000)));
  return conditions;
}

function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Newest first, keyset-paged by id (ids grow with time). */
export async function listAuditEntries({
  db,
  workspaceId,
  filter = {},
  before,
  limit = 50,
}: {
  db: Db;
  workspaceId: string;
  filter?: AuditFilter;
  before?: number;
  limit?: number;
}): Promise<{ entries: AuditEntry[]; nextBefore: number | null }> {
  const conditions = filterConditions(workspaceId, filter);
  if (before) conditions.push(lt(auditLog.id, before));
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const entries = rows.slice(0, limit);
  return { entries, nextBefore: rows.length > limit ? entries[entries.length - 1]!.id : null };
}

/** The distinct values the filter menus offer. */
export async function auditFacets({ db, workspaceId }: { db: Db; workspaceId: string }) {
  const [actions, targetTypes] = await Promise.all([
    db.selectDistinct({ value: auditLog.action }).from(auditLog).where(eq(auditLog.workspaceId, workspaceId)).orderBy(auditLog.action),
    db.selectDistinct({ value: auditLog.targetType }).from(auditLog).where(eq(auditLog.workspaceId, workspaceId)).orderBy(auditLog.targetType),
  ]);
  return { actions: actions.map((r) => r.value), targetTypes: targetTypes.map((r) => r.value) };
}

const csvColumns = ['time', 'actor', 'action', 'target_type', 'target_id', 'target', 'ip', 'summary'] as const;

function csvCell(value: string): string {
  // Cells that a spreadsheet would run as a formula are prefixed with a quote (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function auditCsvHeader(): string {
  return `${csvColumns.join(',')}\r\n`;
}

export function auditCsvRow(entry: AuditEntry): string {
  return (
    [entry.createdAt.toISOString(), entry.actorLabel, entry.action, entry.targetType, entry.targetId ?? '', entry.targetLabel ?? '', entry.ip ?? '', JSON.stringify(entry.summary)]
      .map(csvCell)
      .join(',') + '\r\n'
  );
}

/** Streams every matching entry as CSV, newest first, a page at a time. */
export async function* auditCsv({ db, workspaceId, filter }: { db: Db; workspaceId: string; filter: AuditFilter }) {
  yield auditCsvHeader();
  let before: number | undefined;
  for (;;) {
    const page = await listAuditEntries({ db, workspaceId, filter, before, limit: 1000 });
    for (const entry of page.entries) yield auditCsvRow(entry);
    if (page.nextBefore === null) return;
    before = page.nextBefore;
  }
}
