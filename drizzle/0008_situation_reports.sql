CREATE TABLE "situation_reports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"slot_at" timestamp with time zone,
	"as_of" timestamp with time zone NOT NULL,
	"generated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"late" boolean DEFAULT false NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"original_id" bigint,
	"reason" text,
	"generated_by" text NOT NULL,
	"content" jsonb NOT NULL,
	"sent_at" timestamp with time zone,
	"sent_by" text,
	CONSTRAINT "situation_reports_kind" CHECK ("situation_reports"."kind" in ('scheduled', 'manual')),
	CONSTRAINT "situation_reports_revision_shape" CHECK (("situation_reports"."revision" = 0) = ("situation_reports"."original_id" is null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "situation_reports_one_per_slot" ON "situation_reports" USING btree ("slot_at") WHERE "situation_reports"."kind" = 'scheduled' and "situation_reports"."revision" = 0;--> statement-breakpoint
CREATE UNIQUE INDEX "situation_reports_revision" ON "situation_reports" USING btree ("original_id","revision");--> statement-breakpoint
CREATE INDEX "situation_reports_as_of" ON "situation_reports" USING btree ("as_of" DESC NULLS LAST);