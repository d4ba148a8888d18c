'use server';

import { z } from 'zod';
import { deleteProvider, makeVersionCurrent, providerDetailsSchema, setToolsEnabled, setToolsEnabledByFilter, updateProviderDetails } from '@/lib/providers/manage';
import { countConnectorsOfProvider } from '@/lib/connectors/connectors';
import { workspaceAction } from '@/server/action';

const providerId = z.uuid();

export const setToolEnabled = workspaceAction(
  'providers.set_tool_enabled',
  { input: z.object({ providerId, toolNames: z.array(z.string().max(64)).min(1).max(5000), enabled: z.boolean() }), role: 'builder' },
  (input, ctx) => setToolsEnabled({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, ...input }),
);

export const setToolsEnabledMatching = workspaceAction(
  'providers.set_tools_enabled_matching',
  {
    input: z.object({
      providerId,
      enabled: z.boolean(),
      filter: z.object({ tag: z.string().max(200).optional(), method: z.string().max(10).optional(), search: z.string().max(200).optional() }),
    }),
    role: 'builder',
  },
  (input, ctx) => setToolsEnabledByFilter({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, ...input }),
);

export const makeCurrent = workspaceAction('providers.make_current', { input: z.object({ providerId, versionId: z.uuid() }), role: 'builder' }, (input, ctx) =>
  makeVersionCurrent({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, ...input }),
);

export const saveProviderDetails = workspaceAction(
  'providers.update',
  { input: providerDetailsSchema.extend({ providerId }), role: 'builder' },
  ({ providerId: id, ...details }, ctx) => updateProviderDetails({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, providerId: id, details }),
);

export const removeProvider = workspaceAction(
  'providers.delete',
  { input: z.object({ providerId, confirmRemoveConnectors: z.boolean().default(false) }), role: 'admin' },
  async (input, ctx) => {
    await deleteProvider({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, ...input, countConnectors: countConnectorsOfProvider });
    return null;
  },
);
