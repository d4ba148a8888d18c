import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { memberships, workspaces, type Role, type Workspace } from '@/db/schema';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';

// Slugs are path segments under /w/; these would read as something else.
const reservedSlugs = new Set(['new', 'api', 'settings', 'admin', 'setup', 'login', 'invite']);

export const workspaceNameSchema = z.string().trim().min(2, 'Use at least 2 characters.').max(80, 'Use at most 80 characters.');

export const slugSchema = z
  .string()
  .trim()
  .min(2, 'Use at least 2 characters.')
  .max(48, 'Use at most 48 characters.')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lower-case letters, digits and single dashes, like "acme-ops".')
  .refine((slug) => !reservedSlugs.has(slug), 'This name is reserved; choose another.');

export function slugify(name: string): string {
  let slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  // Cut long names at a word boundary rather than mid-word.
  if (slug.length > 40) slug = slug.slice(0, 41).replace(/-[^-]*$/, '') || slug.slice(0, 40);
  return slug.length >= 2 && !reservedSlugs.has(slug) ? slug : `workspace-${slug || 'new'}`.slice(0, 48);
}

/** Creates a workspace with `owner` as its first admin. Picks a free slug from the name when none is given. */
export async function createWorkspace({ db, name, slug, owner }: { db: Db; name: string; slug?: string; owner: Actor & { id: string } }): Promise<Workspace> {
  return db.transaction(async (tx) => {
    const base = slug ?? slugify(name);
    let candidate = base;
    for (let n = 2; ; n++) {
      const [created] = await tx.insert(workspaces).values({ name: name.trim(), slug: candidate }).onConflictDoNothing().returning();
      if (created) {
        await tx.insert(memberships).values({ workspaceId: created.id, userId: owner.id, role: 'admin' });
        await recordAudit({
          db: tx,
          workspaceId: created.id,
          actor: owner,
          action: 'workspace.created',
          target: { type: 'workspace', id: created.id, label: created.name },
          summary: { slug: created.slug },
        });
        return created;
      }
      if (slug) throw new AppError('conflict', `The address "${slug}" is taken; choose another.`);
      candidate = `${base.slice(0, 44)}-${n}`;
    }
  });
}

export type WorkspaceWithRole = Pick<Workspace, 'id' | 'slug' | 'name'> & { role: Role };

export async function listWorkspacesOfUser({ db, userId }: { db: Db; userId: string }): Promise<WorkspaceWithRole[]> {
  return db
    .select({ id: workspaces.id, slug: workspaces.slug, name: workspaces.name, role: memberships.role })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(workspaces.name));
}

/** The workspace with this slug and the user's role in it, or undefined when they are not a member. */
export async function findMembership({ db, slug, userId }: { db: Db; slug: string; userId: string }) {
  const [row] = await db
    .select({ id: workspaces.id, slug: workspaces.slug, name: workspaces.name, role: memberships.role })
    .from(workspaces)
    .innerJoin(memberships, and(eq(memberships.workspaceId, workspaces.id), eq(memberships.userId, userId)))
    .where(eq(workspaces.slug, slug));
  return row as WorkspaceWithRole | undefined;
}

/** Whether the user belongs to the workspace (by id), whatever their role. */
export async function isMember({ db, workspaceId, userId }: { db: Db; workspaceId: string; userId: string }) {
  const [row] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  return Boolean(row);
}

export async function firstWorkspace({ db }: { db: Db }) {
  const [row] = await db.select().from(workspaces).orderBy(asc(workspaces.createdAt)).limit(1);
  return row;
}

export async function findWorkspaceBySlug({ db, slug }: { db: Db; slug: string }) {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.slug, slug));
  return row;
}

export async function countWorkspaces({ db }: { db: Db }) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(workspaces);
  return row?.n ?? 0;
}
