-- Composite (workspace_id, id) keys: a row can only point at rows of its own workspace.
-- Where a reference is cleared on delete, only the referencing column is set null (PostgreSQL 15+),
-- never workspace_id; drizzle-kit cannot express that column list, so it was added here by hand.
CREATE TABLE "sign_in_throttles" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"blocked_until" timestamp with time zone,
	"last_failure_at" timestamp with time zone DEFAULT now() NOT NULL,
	"notified_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "disabled_tools" DROP CONSTRAINT "disabled_tools_provider_id_providers_id_fk";
--> statement-breakpoint
ALTER TABLE "import_jobs" DROP CONSTRAINT "import_jobs_provider_id_providers_id_fk";
--> statement-breakpoint
ALTER TABLE "operations" DROP CONSTRAINT "operations_provider_id_providers_id_fk";
--> statement-breakpoint
ALTER TABLE "operations" DROP CONSTRAINT "operations_version_id_provider_versions_id_fk";
--> statement-breakpoint
ALTER TABLE "provider_versions" DROP CONSTRAINT "provider_versions_provider_id_providers_id_fk";
--> statement-breakpoint
ALTER TABLE "providers" DROP CONSTRAINT "providers_current_version_id_provider_versions_id_fk";
--> statement-breakpoint
ALTER TABLE "connector_secrets" DROP CONSTRAINT "connector_secrets_connector_id_connectors_id_fk";
--> statement-breakpoint
ALTER TABLE "connectors" DROP CONSTRAINT "connectors_provider_id_providers_id_fk";
--> statement-breakpoint
ALTER TABLE "ai_worker_skills" DROP CONSTRAINT "ai_worker_skills_worker_id_ai_workers_id_fk";
--> statement-breakpoint
ALTER TABLE "ai_workflow_nodes" DROP CONSTRAINT "ai_workflow_nodes_workflow_id_ai_workflows_id_fk";
--> statement-breakpoint
ALTER TABLE "connector_assignments" DROP CONSTRAINT "connector_assignments_connector_id_connectors_id_fk";
--> statement-breakpoint
ALTER TABLE "connector_assignments" DROP CONSTRAINT "connector_assignments_provider_id_providers_id_fk";
--> statement-breakpoint
ALTER TABLE "connector_assignments" DROP CONSTRAINT "connector_assignments_workflow_id_ai_workflows_id_fk";
--> statement-breakpoint
ALTER TABLE "connector_assignments" DROP CONSTRAINT "connector_assignments_node_id_ai_workflow_nodes_id_fk";
--> statement-breakpoint
ALTER TABLE "connector_assignments" DROP CONSTRAINT "connector_assignments_worker_id_ai_workers_id_fk";
--> statement-breakpoint
ALTER TABLE "connector_assignments" DROP CONSTRAINT "connector_assignments_skill_id_ai_worker_skills_id_fk";
--> statement-breakpoint
ALTER TABLE "llm_model_prices" DROP CONSTRAINT "llm_model_prices_model_id_llm_models_id_fk";
--> statement-breakpoint
ALTER TABLE "invocations" DROP CONSTRAINT "invocations_provider_id_providers_id_fk";
--> statement-breakpoint
ALTER TABLE "invocations" DROP CONSTRAINT "invocations_connector_id_connectors_id_fk";
--> statement-breakpoint
ALTER TABLE "oauth_credentials" DROP CONSTRAINT "oauth_credentials_connector_id_connectors_id_fk";
--> statement-breakpoint
ALTER TABLE "oauth_states" DROP CONSTRAINT "oauth_states_connector_id_connectors_id_fk";
--> statement-breakpoint
ALTER TABLE "repository_selections" DROP CONSTRAINT "repository_selections_provider_id_providers_id_fk";
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "session_version" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE "connectors" ADD COLUMN "credentials_origin" text;
--> statement-breakpoint
ALTER TABLE "invocations" ADD COLUMN "api_token_id" uuid;
--> statement-breakpoint
ALTER TABLE "invocations" ADD COLUMN "acting_user_id" uuid;
--> statement-breakpoint
ALTER TABLE "provider_versions" ADD CONSTRAINT "provider_versions_workspace_id_id_key" UNIQUE("workspace_id","id");
--> statement-breakpoint
ALTER TABLE "providers" ADD CONSTRAINT "providers_workspace_id_id_key" UNIQUE("workspace_id","id");
--> statement-breakpoint
ALTER TABLE "connectors" ADD CONSTRAINT "connectors_workspace_id_id_key" UNIQUE("workspace_id","id");
--> statement-breakpoint
ALTER TABLE "ai_worker_skills" ADD CONSTRAINT "ai_worker_skills_workspace_id_id_key" UNIQUE("workspace_id","id");
--> statement-breakpoint
ALTER TABLE "ai_workers" ADD CONSTRAINT "ai_workers_workspace_id_id_key" UNIQUE("workspace_id","id");
--> statement-breakpoint
ALTER TABLE "ai_workflow_nodes" ADD CONSTRAINT "ai_workflow_nodes_workspace_id_id_key" UNIQUE("workspace_id","id");
--> statement-breakpoint
ALTER TABLE "ai_workflows" ADD CONSTRAINT "ai_workflows_workspace_id_id_key" UNIQUE("workspace_id","id");
--> statement-breakpoint
ALTER TABLE "llm_models" ADD CONSTRAINT "llm_models_workspace_id_id_key" UNIQUE("workspace_id","id");
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_workspace_id_id_key" UNIQUE("workspace_id","id");
--> statement-breakpoint
ALTER TABLE "disabled_tools" ADD CONSTRAINT "disabled_tools_provider_fk" FOREIGN KEY ("workspace_id","provider_id") REFERENCES "public"."providers"("workspace_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_provider_fk" FOREIGN KEY ("workspace_id","provider_id") REFERENCES "public"."providers"("workspace_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "operations" ADD CONSTRAINT "operations_provider_fk" FOREIGN KEY ("workspace_id","provider_id") REFERENCES "public"."providers"("workspace_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "operations" ADD CONSTRAINT "operations_version_fk" FOREIGN KEY ("workspace_id","version_id") REFERENCES "public"."provider_versions"("workspace_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "provider_versions" ADD CONSTRAINT "provider_versions_provider_fk" FOREIGN KEY ("workspace_id","provider_id") REFERENCES "public"."providers"("workspace_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "providers" ADD CONSTRAINT "providers_current_version_fk" FOREIGN KEY ("workspace_id","current_version_id") REFERENCES "public"."provider_versions"("workspace_id","id") ON DELETE SET NULL ("current_version_id") ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "connector_secrets" ADD CONSTRAINT "connector_secrets_connector_fk" FOREIGN KEY ("workspace_id","connector_id") REFERENCES "public"."connectors"("workspace_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "connectors" ADD CONSTRAINT "connectors_provider_fk" FOREIGN KEY ("workspace_id","provider_id") REFERENCES "public"."providers"("workspace_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "ai_worker_skills" ADD CONSTRAINT "ai_worker_skills_worker_fk" FOREIGN KEY ("workspace_id","worker_id") REFERENCES "public"."ai_workers"("workspace_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "ai_workflow_nodes" ADD CONSTRAINT "ai_workflow_nodes_workflow_fk" FOREIGN KEY ("workspace_id","workflow_id") REFERENCES "public"."ai_workflows"("workspace_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "connector_assignments" ADD CONSTRAINT "connector_assignments_connector_fk" FOREIGN KEY ("workspace_id","connector_id") REFERENCES "public"."connectors"("workspace_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "connector_assignments" ADD CONSTRAINT "connector_assignments_provider_fk" FOREIGN KEY ("workspace_id","provider_id") REFERENCES "public"."providers"("workspace_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "connector_assignments" ADD CONSTRAINT "connector_assignments_workflow_fk" FOREIGN KEY ("workspace_id","workflow_id") REFERENCES "public"."ai_workflows"("workspace_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "connector_assignments" ADD CONSTRAINT "connector_assignments_node_fk" FOREIGN KEY ("workspace_id","node_id") REFERENCES "public"."ai_workflow_nodes"("workspace_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "connector_assignments" ADD CONSTRAINT "connector_assignments_worker_fk" FOREIGN KEY ("workspace_id","worker_id") REFERENCES "public"."ai_workers"("workspace_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "connector_assignments" ADD CONSTRAINT "connector_assignments_skill_fk" FOREIGN KEY ("workspace_id","skill_id") REFERENCES "public"."ai_worker_skills"("workspace_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "llm_model_prices" ADD CONSTRAINT "llm_model_prices_model_fk" FOREIGN KEY ("workspace_id","model_id") REFERENCES "public"."llm_models"("workspace_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "invocations" ADD CONSTRAINT "invocations_acting_user_id_users_id_fk" FOREIGN KEY ("acting_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "invocations" ADD CONSTRAINT "invocations_api_token_fk" FOREIGN KEY ("workspace_id","api_token_id") REFERENCES "public"."api_tokens"("workspace_id","id") ON DELETE SET NULL ("api_token_id") ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "invocations" ADD CONSTRAINT "invocations_provider_fk" FOREIGN KEY ("workspace_id","provider_id") REFERENCES "public"."providers"("workspace_id","id") ON DELETE SET NULL ("provider_id") ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "invocations" ADD CONSTRAINT "invocations_connector_fk" FOREIGN KEY ("workspace_id","connector_id") REFERENCES "public"."connectors"("workspace_id","id") ON DELETE SET NULL ("connector_id") ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "oauth_credentials" ADD CONSTRAINT "oauth_credentials_connector_fk" FOREIGN KEY ("workspace_id","connector_id") REFERENCES "public"."connectors"("workspace_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "oauth_states" ADD CONSTRAINT "oauth_states_connector_fk" FOREIGN KEY ("workspace_id","connector_id") REFERENCES "public"."connectors"("workspace_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "repository_selections" ADD CONSTRAINT "repository_selections_provider_fk" FOREIGN KEY ("workspace_id","provider_id") REFERENCES "public"."providers"("workspace_id","id") ON DELETE SET NULL ("provider_id") ON UPDATE no action;
