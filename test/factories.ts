import { randomUUID } from 'node:crypto';
import type { Db } from '@/db/client';
import { memberships, users, workspaces, type Role } from '@/db/schema';
import type { Actor } from '@/lib/audit/record';

const unique = () => randomUUID().slice(0, 8);

export const FACTORY_PASSWORD = 'correct horse battery';

export async function makeUser(db: Db, overrides: Partial<typeof users.$inferInsert> = {}) {
  const id = unique();
  const [user] = await db
    .insert(users)
    .values({ email: `user-${id}@example.test`, name: `User ${id}`, ...overrides })
    .returning();
  return user!;
}

export async function makeWorkspace(db: Db, { owner, name }: { owner?: { id: string }; name?: string } = {}) {
  const id = unique();
  const [workspace] = await db
    .insert(workspaces)
    .values({ name: name ?? `Workspace ${id}`, slug: `ws-${id}` })
    .returning();
  if (owner) await db.insert(memberships).values({ workspaceId: workspace!.id, userId: owner.id, role: 'admin' });
  return workspace!;
}

export async function addMember(db: Db, workspaceId: string, userId: string, role: Role) {
  await db.insert(memberships).values({ workspaceId, userId, role });
}

/** A workspace with one user per role. */
export async function makeTeam(db: Db) {
  const admin = await makeUser(db);
  const builder = await makeUser(db);
  const member = await makeUser(db);
  const workspace = await makeWorkspace(db, { owner: admin });
  await addMember(db, workspace.id, builder.id, 'builder');
  await addMember(db, workspace.id, member.id, 'member');
  return { workspace, admin, builder, member };
}

export const actorOf = (user: { id: string; email: string }): Actor => ({ id: user.id, label: user.email, ip: '203.0.113.7' });

/** A provider with one current version and no operations: enough to hang connectors on. */
export async function makeProvider(db: Db, workspaceId: string, name = `API ${unique()}`) {
  const { providers } = await import('@/db/schema');
  const [provider] = await db
    .insert(providers)
    .values({ workspaceId, slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), name, source: 'upload' })
    .returning();
  return provider!;
}
