import type { Role } from '@/db/schema';

export type { Role };

const rank: Record<Role, number> = { member: 1, builder: 2, admin: 3 };

/** True when `role` is at least `required` (admin > builder > member). */
export function hasRole(role: Role, required: Role): boolean {
  return rank[role] >= rank[required];
}

export const roleLabels: Record<Role, string> = {
  admin: 'Admin',
  builder: 'Builder',
  member: 'Member',
};

export const roleDescriptions: Record<Role, string> = {
  admin: 'Everything in the workspace: members and roles, models, repository policy, API tokens, deleting anything.',
  builder: 'Import and update providers, configure connectors and credentials, assign them, MCP servers, webhooks.',
  member: 'Read the console and connect their own account to per-user connectors.',
};
