CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TYPE "public"."provider_source" AS ENUM('upload', 'url', 'repository');--> statement-breakpoint
CREATE TABLE "disabled_tools" (
	"workspace_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"tool_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "disabled_tools_provider_id_tool_name_pk" PRIMARY KEY("provider_id","tool_name")
);
--> statement-breakpoint
CREATE TABLE "import_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"phase" text,
	"source_label" text NOT NULL,
	"provider_id" uuid,
	"result" jsonb,
	"error" text,
	"problems" jsonb,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "operations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"tool_name" text NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"operation_id" text,
	"summary" text,
	"description" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"deprecated" boolean DEFAULT false NOT NULL,
	"fingerprint" text NOT NULL,
	"tool_tokens" integer NOT NULL,
	"search_text" text NOT NULL,
	"detail" jsonb NOT NULL,
	CONSTRAINT "operations_versionId_toolName_unique" UNIQUE("version_id","tool_name")
);
--> statement-breakpoint
CREATE TABLE "provider_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"content_hash" text NOT NULL,
	"document_version" text NOT NULL,
	"openapi_version" text NOT NULL,
	"format" text NOT NULL,
	"document" "bytea" NOT NULL,
	"document_bytes" integer NOT NULL,
	"source" "provider_source" NOT NULL,
	"source_url" text,
	"info" jsonb NOT NULL,
	"servers" jsonb NOT NULL,
	"security_schemes" jsonb NOT NULL,
	"security" jsonb NOT NULL,
	"tags" jsonb NOT NULL,
	"warnings" jsonb NOT NULL,
	"unresolved_refs" jsonb NOT NULL,
	"diff" jsonb,
	"previous_version_id" uuid,
	"operation_count" integer NOT NULL,
	"tool_tokens" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provider_versions_providerId_number_unique" UNIQUE("provider_id","number"),
	CONSTRAINT "provider_versions_providerId_contentHash_unique" UNIQUE("provider_id","content_hash")
);
--> statement-breakpoint
CREATE TABLE "providers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"logo_url" text,
	"source" "provider_source" NOT NULL,
	"source_url" text,
	"current_version_id" uuid,
	"operation_count" integer DEFAULT 0 NOT NULL,
	"version_count" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "providers_workspaceId_slug_unique" UNIQUE("workspace_id","slug")
);
--> statement-breakpoint
ALTER TABLE "disabled_tools" ADD CONSTRAINT "disabled_tools_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disabled_tools" ADD CONSTRAINT "disabled_tools_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operations" ADD CONSTRAINT "operations_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operations" ADD CONSTRAINT "operations_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operations" ADD CONSTRAINT "operations_version_id_provider_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."provider_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_versions" ADD CONSTRAINT "provider_versions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_versions" ADD CONSTRAINT "provider_versions_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_versions" ADD CONSTRAINT "provider_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "providers" ADD CONSTRAINT "providers_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "providers" ADD CONSTRAINT "providers_current_version_id_provider_versions_id_fk" FOREIGN KEY ("current_version_id") REFERENCES "public"."provider_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "providers" ADD CONSTRAINT "providers_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_jobs_workspace_id_created_at_index" ON "import_jobs" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "operations_version_id_path_method_index" ON "operations" USING btree ("version_id","path","method");--> statement-breakpoint
CREATE INDEX "operations_search_trgm" ON "operations" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "operations_workspace_id_index" ON "operations" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "provider_versions_workspace_id_index" ON "provider_versions" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "providers_workspace_id_name_index" ON "providers" USING btree ("workspace_id","name");--> statement-breakpoint
CREATE INDEX "providers_workspace_id_updated_at_index" ON "providers" USING btree ("workspace_id","updated_at");