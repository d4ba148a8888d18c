CREATE TABLE "llm_model_prices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"model_id" uuid NOT NULL,
	"effective_from" timestamp with time zone NOT NULL,
	"input_per_million" numeric(18, 6),
	"output_per_million" numeric(18, 6),
	"cached_input_per_million" numeric(18, 6),
	"cache_write_per_million" numeric(18, 6),
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "llm_models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"identifier" text NOT NULL,
	"display_name" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"features" text[] DEFAULT '{}'::text[] NOT NULL,
	"input_modalities" text[] DEFAULT '{text}'::text[] NOT NULL,
	"output_modalities" text[] DEFAULT '{text}'::text[] NOT NULL,
	"context_window" integer,
	"max_output_tokens" integer,
	"source" text DEFAULT 'manual' NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "llm_model_prices" ADD CONSTRAINT "llm_model_prices_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "llm_model_prices" ADD CONSTRAINT "llm_model_prices_model_id_llm_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."llm_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "llm_model_prices" ADD CONSTRAINT "llm_model_prices_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "llm_models" ADD CONSTRAINT "llm_models_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "llm_models" ADD CONSTRAINT "llm_models_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "llm_model_prices_model_id_effective_from_index" ON "llm_model_prices" USING btree ("model_id","effective_from");--> statement-breakpoint
CREATE UNIQUE INDEX "llm_models_identifier_unique" ON "llm_models" USING btree ("workspace_id","provider","identifier") WHERE "llm_models"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "llm_models_workspace_id_index" ON "llm_models" USING btree ("workspace_id");