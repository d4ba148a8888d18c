// AI workers and workflows belong to the wider platform; here they are registered by name so
// connectors can be assigned to them, their skills and their nodes.
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './_columns';
import { connectors } from './connectors';
import { providers } from './providers';
import { users } from './users';
import { workspaces } from './workspaces';

export const aiWorkers = pgTable(
  'ai_workers',
  {
    id: id(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    description: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique().on(t.workspaceId, t.name), unique('ai_workers_workspace_id_id_key').on(t.workspaceId, t.id)],
);

export const aiWorkerSkills = pgTable(
  'ai_worker_skills',
  {
    id: id(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    workerId: uuid().notNull(),
    name: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique().on(t.workerId, t.name),
    unique('ai_worker_skills_workspace_id_id_key').on(t.workspaceId, t.id),
    foreignKey({ name: 'ai_worker_skills_worker_fk', columns: [t.workspaceId, t.workerId], foreignColumns: [aiWorkers.workspaceId, aiWorkers.id] }).onDelete('cascade'),
  ],
);

export const aiWorkflows = pgTable(
  'ai_workflows',
  {
    id: id(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    description: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique().on(t.workspaceId, t.name), unique('ai_workflows_workspace_id_id_key').on(t.workspaceId, t.id)],
);

export const aiWorkflowNodes = pgTable(
  'ai_workflow_nodes',
  {
    id: id(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    workflowId: uuid().notNull(),
    name: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique().on(t.workflowId, t.name),
    unique('ai_workflow_nodes_workspace_id_id_key').on(t.workspaceId, t.id),
    foreignKey({ name: 'ai_workflow_nodes_workflow_fk', columns: [t.workspaceId, t.workflowId], foreignColumns: [aiWorkflows.workspaceId, aiWorkflows.id] }).onDelete('cascade'),
  ],
);

export const assignmentTargets = ['workflow', 'workflow_node', 'worker', 'worker_skill'] as const;
export type AssignmentTarget = (typeof assignmentTargets)[number];

/** A connector bound to a workflow, one node of it, a worker or one skill of it. */
export const connectorAssignments = pgTable(
  'connector_assignments',
  {
    id: id(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    connectorId: uuid().notNull(),
    /** The connector's provider, kept here so resolution is one indexed lookup. */
    providerId: uuid().notNull(),
    targetType: text().$type<AssignmentTarget>().notNull(),
    // One of these four is set, matching targetType; each cascades when its target is deleted.
    // Every reference here is by (workspace_id, id), so a row can never point into another workspace.
    workflowId: uuid(),
    nodeId: uuid(),
    workerId: uuid(),
    skillId: uuid(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    unique().on(t.connectorId, t.workflowId, t.nodeId, t.workerId, t.skillId).nullsNotDistinct(),
    index().on(t.workspaceId, t.providerId),
    foreignKey({ name: 'connector_assignments_connector_fk', columns: [t.workspaceId, t.connectorId], foreignColumns: [connectors.workspaceId, connectors.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ name: 'connector_assignments_provider_fk', columns: [t.workspaceId, t.providerId], foreignColumns: [providers.workspaceId, providers.id] }).onDelete('cascade'),
    foreignKey({ name: 'connector_assignments_workflow_fk', columns: [t.workspaceId, t.workflowId], foreignColumns: [aiWorkflows.workspaceId, aiWorkflows.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ name: 'connector_assignments_node_fk', columns: [t.workspaceId, t.nodeId], foreignColumns: [aiWorkflowNodes.workspaceId, aiWorkflowNodes.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ name: 'connector_assignments_worker_fk', columns: [t.workspaceId, t.workerId], foreignColumns: [aiWorkers.workspaceId, aiWorkers.id] }).onDelete('cascade'),
    foreignKey({ name: 'connector_assignments_skill_fk', columns: [t.workspaceId, t.skillId], foreignColumns: [aiWorkerSkills.workspaceId, aiWorkerSkills.id] }).onDelete(
      'cascade',
    ),
    check(
      'assignment_has_one_target',
      sql`(${t.targetType} = 'workflow' and ${t.workflowId} is not null and ${t.nodeId} is null and ${t.workerId} is null and ${t.skillId} is null)
       or (${t.targetType} = 'workflow_node' and ${t.nodeId} is not null and ${t.workflowId} is null and ${t.workerId} is null and ${t.skillId} is null)
       or (${t.targetType} = 'worker' and ${t.workerId} is not null and ${t.workflowId} is null and ${t.nodeId} is null and ${t.skillId} is null)
       or (${t.targetType} = 'worker_skill' and ${t.skillId} is not null and ${t.workflowId} is null and ${t.nodeId} is null and ${t.workerId} is null)`,
    ),
  ],
);

export type AiWorker = typeof aiWorkers.$inferSelect;
export type AiWorkflow = typeof aiWorkflows.$inferSelect;
export type ConnectorAssignment = typeof connectorAssignments.$inferSelect;
