import 'server-only';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
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
    const workspace = await createWorkspace({
      db: tx,
      name: input.workspaceName,
      owner: { id: user.id, label: user.email, ip },
    });
    return { user, workspace };
  });
}
