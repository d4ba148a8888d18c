import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { memberships, users } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { emailSchema, findUserByEmail, nameSchema, passwordSchema } from '@/lib/auth/users';
import { recordAudit } from '@/lib/audit/record';
import { createWorkspace, findWorkspaceBySlug, firstWorkspace, slugify } from '@/lib/workspaces/workspaces';

const input = z.object({ email: emailSchema, name: nameSchema.optional(), password: passwordSchema, workspace: z.string().trim().min(1).optional() });

/**
 * An operator's way in: creates the user (or resets an existing user's password) and makes them
 * admin of the named workspace (created when it does not exist), or of the first workspace.
 */
export async function createAdmin({ db, ...raw }: { db: Db; email: string; name?: string; password: string; workspace?: string }) {
  const parsed = input.safeParse(raw);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '));
  const { email, name, password, workspace: wanted } = parsed.data;
  return db.transaction(async (tx) => {
    let user = await findUserByEmail({ db: tx, email });
    const createdUser = !user;
    const passwordHash = await hashPassword(password);
    if (user) {
      await tx
        .update(users)
        .set({ passwordHash, ...(name ? { name } : {}) })
        .where(eq(users.id, user.id));
    } else {
      [user] = await tx
        .insert(users)
        .values({ email, name: name ?? email.split('@')[0]!, passwordHash })
        .returning();
    }
    const actor = { id: user!.id, label: 'cli' };
    let workspace = wanted
      ? ((await findWorkspaceBySlug({ db: tx, slug: wanted })) ?? (await findWorkspaceBySlug({ db: tx, slug: slugify(wanted) })))
      : await firstWorkspace({ db: tx });
    workspace ??= await createWorkspace({ db: tx, name: wanted ?? 'Default workspace', owner: actor });
    const [existing] = await tx
      .select()
      .from(memberships)
      .where(and(eq(memberships.workspaceId, workspace.id), eq(memberships.userId, user!.id)));
    if (existing?.role !== 'admin') {
      await tx
        .insert(memberships)
        .values({ workspaceId: workspace.id, userId: user!.id, role: 'admin' })
        .onConflictDoUpdate({ target: [memberships.workspaceId, memberships.userId], set: { role: 'admin' } });
      await recordAudit({
        db: tx,
        workspaceId: workspace.id,
        actor,
        action: 'member.role_changed',
        target: { type: 'member', id: user!.id, label: email },
        summary: { from: existing?.role ?? null, to: 'admin', via: 'cli' },
      });
    }
    return { user: user!, workspace, createdUser };
  });
}
