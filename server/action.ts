import 'server-only';
import { forbidden, notFound, unauthorized } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db';
import type { Db } from '@/db/client';
import type { Actor } from '@/lib/audit/record';
import { hasRole, type Role } from '@/lib/auth/roles';
import { isAppError, type ErrorCode, type FieldErrors } from '@/lib/errors';
import { log } from '@/lib/log';
import { findMembership, type WorkspaceWithRole } from '@/lib/workspaces/workspaces';
import { getCurrentUser } from './auth';
import { requestInfo } from './request';

export type ActionResult<T> = { ok: true; data: T } | { ok: false; code: ErrorCode | 'internal'; error: string; fields?: FieldErrors };

type CurrentUser = { id: string; email: string; name: string };

export type UserActionContext = { db: Db; user: CurrentUser; actor: Actor; requestId: string; ip: string | null };
export type WorkspaceActionContext = UserActionContext & { workspace: WorkspaceWithRole; role: Role };

function fieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

function invalidInput(error: z.ZodError): ActionResult<never> {
  return { ok: false, code: 'invalid', error: 'Some fields need attention.', fields: fieldErrors(error) };
}

async function settle<T>(name: string, requestId: string, run: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await run() };
  } catch (error) {
    if (isAppError(error)) {
      return { ok: false, code: error.code, error: error.message, fields: error.fields };
    }
    // notFound()/forbidden()/redirect() from deeper code are control flow, not failures.
    if (error instanceof Error && 'digest' in error && typeof error.digest === 'string' && error.digest.startsWith('NEXT_')) throw error;
    log.error(`action ${name} failed`, { requestId, error });
    return { ok: false, code: 'internal', error: `Something went wrong on our side. If it keeps happening, quote request id ${requestId}.` };
  }
}

/** A server action for any signed-in person: validated → signed in. */
export function userAction<S extends z.ZodType, T>(name: string, input: S, run: (input: z.output<S>, ctx: UserActionContext) => Promise<T>) {
  return async (raw: z.input<S>): Promise<ActionResult<T>> => {
    const parsed = input.safeParse(raw);
    if (!parsed.success) return invalidInput(parsed.error);
    const user = await getCurrentUser();
    if (!user) unauthorized();
    const { ip, requestId } = await requestInfo();
    const db = await getDb();
    return settle(name, requestId, () => run(parsed.data, { db, user, ip, requestId, actor: { id: user.id, label: user.email, ip } }));
  };
}

const workspaceRef = z.object({ workspace: z.string().min(1).max(64) });

/**
 * A server action inside a workspace: validated → signed in → member with at least `role`.
 * Not a member answers 404 (the workspace's existence is not revealed), a lower role 403.
 */
export function workspaceAction<S extends z.ZodObject, T>(name: string, options: { input: S; role: Role }, run: (input: z.output<S>, ctx: WorkspaceActionContext) => Promise<T>) {
  const schema = options.input.extend(workspaceRef.shape);
  return async (raw: z.input<S> & { workspace: string }): Promise<ActionResult<T>> => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return invalidInput(parsed.error);
    const user = await getCurrentUser();
    if (!user) unauthorized();
    const db = await getDb();
    const workspace = await findMembership({ db, slug: (parsed.data as { workspace: string }).workspace, userId: user.id });
    if (!workspace) notFound();
    if (!hasRole(workspace.role, options.role)) forbidden();
    const { ip, requestId } = await requestInfo();
    const ctx: WorkspaceActionContext = { db, user, ip, requestId, workspace, role: workspace.role, actor: { id: user.id, label: user.email, ip } };
    return settle(name, requestId, () => run(parsed.data as z.output<S>, ctx));
  };
}

/** A server action open to anyone (first-run setup): validated only. */
export function publicAction<S extends z.ZodType, T>(name: string, input: S, run: (input: z.output<S>, ctx: { db: Db; ip: string | null; requestId: string }) => Promise<T>) {
  return async (raw: z.input<S>): Promise<ActionResult<T>> => {
    const parsed = input.safeParse(raw);
    if (!parsed.success) return invalidInput(parsed.error);
    const { ip, requestId } = await requestInfo();
    const db = await getDb();
    return settle(name, requestId, () => run(parsed.data, { db, ip, requestId }));
  };
}
