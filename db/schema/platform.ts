// AI workers and workflows belong to the wider platform; here they are registered by name so
// connectors can be assigned to them, their skills and their nodes.
import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
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
  (t) => [unique().on(t.workspaceId, t.name)],
);

export const aiWorkerSkills = pgTable(
  'ai_worker_skills',
  {
    id: id(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    workerId: uuid()
      .notNull()
      .references(() => aiWorkers.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique().on(t.workerId, t.name)],
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
  (t) => [unique().on(t.workspaceId, t.name)],
);

export const aiWorkflowNodes = pgTable(
  'ai_workflow_nodes',
  {
    id: id(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    workflowId: uuid()
      .notNull()
      .references(() => aiWorkflows.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique().on(t.workflowId, t.name)],
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
    connectorId: uuid()
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    /** The connector's provider, kept here so resolution is one indexed lookup. */
    providerId: uuid()
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    targetType: text().$type<AssignmentTarget>().notNull(),
    // One of these four is set, matching targetType; each cascades when its target is deleted.
    workflowId: uuid().references(() => aiWorkflows.id, { onDelete: 'cascade' }),
    nodeId: uuid().references(() => aiWorkflowNodes.id, { onDelete: 'cascade' }),
    workerId: uuid().references(() => aiWorkers.id, { onDelete: 'cascade' }),
    skillId: uuid().references(() => aiWorkerSkills.id, { onDelete: 'cascade' }),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    unique().on(t.connectorId, t.workflowId, t.nodeId, t.workerId, t.skillId).nullsNotDistinct(),
    index().on(t.workspaceId, t.providerId),
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
