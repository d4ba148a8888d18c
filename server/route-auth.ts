import 'server-only';
import { getDb } from '@/db';
import { hasRole, type Role } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { findMembership } from '@/lib/workspaces/workspaces';
import { getCurrentUser } from './auth';

/** For console route handlers: the signed-in member with at least `role`, else 401/404/403. */
export async function requireRouteMember(slug: string, role: Role) {
  const user = await getCurrentUser();
  if (!user) throw new AppError('unauthenticated', 'Sign in first.');
  const db = await getDb();
  const workspace = await findMembership({ db, slug, userId: user.id });
  if (!workspace) throw new AppError('not_found', 'No such workspace.');
  if (!hasRole(workspace.role, role)) throw new AppError('forbidden', 'Your role in this workspace does not allow this.');
  return { db, user, workspace };
}
