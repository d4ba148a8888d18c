import 'server-only';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '@/db';
import { safeReturnTo } from '@/lib/auth/return-to';
import { hasRole, type Role } from '@/lib/auth/roles';
import { isAppError } from '@/lib/errors';
import { findMembership } from '@/lib/workspaces/workspaces';
import { getCurrentUser } from './auth';
import { appOrigin } from './request';

/** For pages: the signed-in user or a redirect to /login. */
export async function requireUser(returnTo?: string) {
  const user = await getCurrentUser();
  if (!user) {
    const back = returnTo ? safeReturnTo(returnTo, await appOrigin(), '') : '';
    redirect(back ? `/login?callbackUrl=${encodeURIComponent(back)}` : '/login');
  }
  return user;
}

/**
 * For pages under /w/[workspace]: the user, the workspace and their role in it. Someone who is not
 * a member gets a 404, exactly as if the workspace did not exist.
 */
export const requireWorkspace = cache(async (slug: string) => {
  const user = await requireUser(`/w/${slug}`);
  const workspace = await findMembership({ db: await getDb(), slug, userId: user.id });
  if (!workspace) notFound();
  return { user, workspace, role: workspace.role, can: (required: Role) => hasRole(workspace.role, required) };
});

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** For pages: an id in the address that is not a UUID is a 404, not a database error. */
export function requireUuid(id: string): string {
  if (!uuidPattern.test(id)) notFound();
  return id;
}

/** For pages: what lib/ reports as not found in this workspace becomes the 404 page. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') notFound();
    throw error;
  }
}
