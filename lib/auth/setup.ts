import 'server-only';
import { asc, eq, notExists, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { memberships, users, workspaces } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { createWorkspace, workspaceNameSchema } from '@/lib/workspaces/workspaces';
import { createUser, emailSchema, nameSchema, passwordSchema } from './users';

export const setupSchema = z.object({
  email: emailSchema,
  name: nameSchema,
  password: passwordSchema,
  workspaceName: workspaceNameSchema,
});

export type SetupInput = z.infer<typeof setupSchema>;

export async function isSetupOpen({ db }: { db: Db }): Promise<boolean> {
  const [row] = await db.select({ any: sql<boolean>`exists(select 1 from ${users})` }).from(sql`(select 1) as one`);
  return !row?.any;
}

/**
 * Creates the first admin and the first workspace. Closed for good once any user exists; the
 * advisory lock makes two simultaneous first visits create one admin, not two.
 */
export async function completeSetup({ db, input, ip }: { db: Db; input: SetupInput; ip?: string | null }) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7306002)`);
    if (!(await isSetupOpen({ db: tx }))) {
      throw new AppError('conflict', 'Setup is already complete. Sign in, or ask an admin for an invite.');
    }
    const user = await createUser({ db: tx, email: input.email, name: input.name, password: input.password });
    const owner = { id: user.id, label: user.email, ip };
    // A workspace the CLI filled before anyone signed up (providers:import on an empty database)
    // becomes the first admin's, under the name they chose.
    const [orphan] = await tx
      .select()
      .from(workspaces)
      .where(
        notExists(
          tx
            .select({ one: sql`1` })
            .from(memberships)
            .where(eq(memberships.workspaceId, workspaces.id)),
        ),
      )
      .orderBy(asc(workspaces.createdAt))
      .limit(1);
    if (orphan) {
      const [adopted] = await tx.update(workspaces).set({ name: input.workspaceName }).where(eq(workspaces.id, orphan.id)).returning();
      await tx.insert(memberships).values({ workspaceId: orphan.id, userId: user.id, role: 'admin' });
      await recordAudit({
        db: tx,
        workspaceId: orphan.id,
        actor: owner,
        action: 'workspace.claimed',
        target: { type: 'workspace', id: orphan.id, label: input.workspaceName },
        summary: { slug: orphan.slug },
      });
      return { user, workspace: adopted! };
    }
    const workspace = await createWorkspace({ db: tx, name: input.workspaceName, owner });
    return { user, workspace };
  });
}
