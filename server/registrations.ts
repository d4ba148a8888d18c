// AI workers and AI workflows for the outside: the /api/v1 routes and what their console pages show,
// one implementation with the kind as a parameter (lib/connectors/platform.ts holds the domain).
import 'server-only';
import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import {
  createRegistration,
  findRegistration,
  listRegistrations,
  partsKey,
  pluralOf,
  registrationInputSchemas,
  type RegistrationInput,
  type RegistrationKind,
} from '@/lib/connectors/platform';
import { effectiveConnectors } from '@/lib/connectors/resolve';
import { v1Route } from './api-v1';
import { requireUuid, requireWorkspace } from './workspace';

export type { RegistrationKind };

/**
 * GET /api/v1/{workers|workflows}: the registered ones with their skills (nodes), under `workers`
 * (`workflows`). POST { name, skills: [] } (nodes): registers one by name, 201 { id, name }.
 */
export function registrationRoutes<K extends RegistrationKind>(kind: K) {
  const plural = pluralOf(kind);
  return {
    GET: v1Route(`${plural}.list`, 'tools:read', async (_request, { db, caller }) =>
      NextResponse.json({ [plural]: await listRegistrations({ db, workspaceId: caller.workspaceId, kind }) }),
    ),
    POST: v1Route(`${plural}.register`, 'platform:write', async (_request, { db, caller, json }) => {
      const input = await json(registrationInputSchemas[kind] as unknown as z.ZodType<RegistrationInput<K>>);
      const created = await createRegistration({ db, workspaceId: caller.workspaceId, actor: { id: null, label: `token ${caller.name}` }, kind, input });
      return NextResponse.json({ id: created.id, name: created.name }, { status: 201 });
    }),
  };
}

/** The registered workers or workflows of a workspace, each with the names of its skills or nodes. */
export async function readRegistrationList<K extends RegistrationKind>({ workspace: slug, kind }: { workspace: string; kind: K }) {
  const { workspace, can } = await requireWorkspace(slug);
  const items = (await listRegistrations({ db: await getDb(), workspaceId: workspace.id, kind })).map((i) => ({
    id: i.id,
    name: i.name,
    parts: i[partsKey(kind)].map((p) => ({ name: p.name })),
  }));
  return { workspace: workspace.slug, kind, canBuild: can('builder'), items };
}

/** One worker or workflow and the connector in effect for it (and each of its parts); the 404 page when it is not in the workspace. */
export async function readRegistrationDetail({ workspace: slug, kind, id }: { workspace: string; kind: RegistrationKind; id: string }) {
  const { workspace } = await requireWorkspace(slug);
  requireUuid(id);
  const db = await getDb();
  const item = await findRegistration({ db, workspaceId: workspace.id, kind, id });
  if (!item) notFound();
  const rows = await effectiveConnectors({ db, workspaceId: workspace.id, target: { type: kind, id: item.id } });
  return { workspace: workspace.slug, kind, item, rows };
}

export type RegistrationListData = Awaited<ReturnType<typeof readRegistrationList>>;
export type RegistrationDetailData = Awaited<ReturnType<typeof readRegistrationDetail>>;
