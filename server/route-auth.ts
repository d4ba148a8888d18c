import 'server-only';
import type { NextRequest } from 'next/server';
import { getDb } from '@/db';
import { hasRole, type Role } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { findMembership } from '@/lib/workspaces/workspaces';
import { apiRoute } from './api';
import { getCurrentUser } from './auth';
import { refuseDeclaredOver, type BodyLimit } from './body';
import { assertSameOrigin } from './request';

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

type Member = Awaited<ReturnType<typeof requireRouteMember>>;

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A console route handler under /api/w/<workspace>/ authenticated by the session cookie. Before
 * anything else, a request that changes state (any method but GET/HEAD/OPTIONS) must come from this
 * app's own pages (Origin / Sec-Fetch-Site, 403 otherwise: the Lax cookie is sent by same-site
 * pages on other ports too) and must not declare a body over `bodyLimit` (413); then the member
 * must have `role`.
 */
export function memberRoute<P extends { workspace: string }>(
  name: string,
  options: { role: Role; bodyLimit?: BodyLimit },
  handler: (request: NextRequest, ctx: Member & { params: P; requestId: string }) => Promise<Response>,
) {
  return apiRoute<P>(name, async (request, { params, requestId }) => {
    if (!safeMethods.has(request.method.toUpperCase())) assertSameOrigin(request);
    if (options.bodyLimit) await refuseDeclaredOver(request, options.bodyLimit);
    const member = await requireRouteMember(params.workspace, options.role);
    return handler(request, { ...member, params, requestId });
  });
}
