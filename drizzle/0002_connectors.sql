CREATE TABLE "connector_secrets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"connector_id" uuid NOT NULL,
	"user_id" uuid,
	"name" text NOT NULL,
	"ciphertext" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connector_secrets_connectorId_userId_name_unique" UNIQUE NULLS NOT DISTINCT("connector_id","user_id","name")
);
--> statement-breakpoint
CREATE TABLE "connectors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"environment" text DEFAULT 'production' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"status_reason" text,
	"auth_type" text NOT NULL,
	"auth_config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"credential_mode" text DEFAULT 'shared' NOT NULL,
	"base_url" text,
	"server_variables" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"extra_parameters" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"test_tool_name" text,
	"last_tested_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connectors_workspaceId_providerId_name_unique" UNIQUE("workspace_id","provider_id","name")
);
--> statement-breakpoint
CREATE TABLE "ai_worker_skills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_worker_skills_workerId_name_unique" UNIQUE("worker_id","name")
);
--> statement-breakpoint
CREATE TABLE "ai_workers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_workers_workspaceId_name_unique" UNIQUE("workspace_id","name")
);
--> statement-breakpoint
CREATE TABLE "ai_workflow_nodes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"workflow_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_workflow_nodes_workflowId_name_unique" UNIQUE("workflow_id","name")
);
--> statement-breakpoint
CREATE TABLE "ai_workflows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_workflows_workspaceId_name_unique" UNIQUE("workspace_id","name")
);
--> statement-breakpoint
CREATE TABLE "connector_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"connector_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"target_type" text NOT NULL,
	"workflow_id" uuid,
	"node_id" uuid,
	"worker_id" uuid,
	"skill_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connector_assignments_connectorId_workflowId_nodeId_workerId_skillId_unique" UNIQUE NULLS NOT DISTINCT("connector_id","workflow_id","node_id","worker_id","skill_id"),
	CONSTRAINT "assignment_has_one_target" CHECK (("connector_assignments"."target_type" = 'workflow' and "connector_assignments"."workflow_id" is not null and "connector_assignments"."node_id" is null and "connector_assignments"."worker_id" is null and "connector_assignments"."skill_id" is null)
       or ("connector_assignments"."target_type" = 'workflow_node' and "connector_assignments"."node_id" is not null and "connector_assignments"."workflow_id" is null and "connector_assignments"."worker_id" is null and "connector_assignments"."skill_id" is null)
       or ("connector_assignments"."target_type" = 'worker' and "connector_assignments"."worker_id" is not null and "connector_assignments"."workflow_id" is null and "connector_assignments"."node_id" is null and "connector_assignments"."skill_id" is null)
       or ("connector_assignments"."target_type" = 'worker_skill' and "connector_assignments"."skill_id" is not null and "connector_assignments"."workflow_id" is null and "connector_assignments"."node_id" is null and "connector_assignments"."worker_id" is null))
);
--> statement-breakpoint
ALTER TABLE "connector_secrets" ADD CONSTRAINT "connector_secrets_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connector_secrets" ADD CONSTRAINT "connector_secrets_connector_id_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connector_secrets" ADD CONSTRAINT "connector_secrets_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connector_secrets" ADD CONSTRAINT "connector_secrets_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connectors" ADD CONSTRAINT "connectors_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connectors" ADD CONSTRAINT "connectors_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connectors" ADD CONSTRAINT "connectors_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_worker_skills" ADD CONSTRAINT "ai_worker_skills_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_worker_skills" ADD CONSTRAINT "ai_worker_skills_worker_id_ai_workers_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."ai_workers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_workers" ADD CONSTRAINT "ai_workers_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_workflow_nodes" ADD CONSTRAINT "ai_workflow_nodes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_workflow_nodes" ADD CONSTRAINT "ai_workflow_nodes_workflow_id_ai_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."ai_workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_workflows" ADD CONSTRAINT "ai_workflows_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connector_assignments" ADD CONSTRAINT "connector_assignments_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connector_assignments" ADD CONSTRAINT "connector_assignments_connector_id_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connector_assignments" ADD CONSTRAINT "connector_assignments_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connector_assignments" ADD CONSTRAINT "connector_assignments_workflow_id_ai_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."ai_workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connector_assignments" ADD CONSTRAINT "connector_assignments_node_id_ai_workflow_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."ai_workflow_nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connector_assignments" ADD CONSTRAINT "connector_assignments_worker_id_ai_workers_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."ai_workers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connector_assignments" ADD CONSTRAINT "connector_assignments_skill_id_ai_worker_skills_id_fk" FOREIGN KEY ("skill_id") REFERENCES "public"."ai_worker_skills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connector_assignments" ADD CONSTRAINT "connector_assignments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "connector_secrets_workspace_id_index" ON "connector_secrets" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "connectors_workspace_id_provider_id_index" ON "connectors" USING btree ("workspace_id","provider_id");--> statement-breakpoint
CREATE INDEX "connector_assignments_workspace_id_provider_id_index" ON "connector_assignments" USING btree ("workspace_id","provider_id");