CREATE TABLE "case_reports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ward_code" text NOT NULL,
	"f0_new_community" integer NOT NULL,
	"f0_new_quarantine" integer NOT NULL,
	"f0_active" integer NOT NULL,
	"f1_traced" integer NOT NULL,
	"f1_quarantined" integer NOT NULL,
	"f2" integer NOT NULL,
	"samples_tested" integer NOT NULL,
	"positives" integer NOT NULL,
	"vaccine_doses" integer NOT NULL,
	"zone" text NOT NULL,
	"note" text,
	"reported_by" text NOT NULL,
	"source" text NOT NULL,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_reports_positives" CHECK ("case_reports"."positives" <= "case_reports"."samples_tested"),
	CONSTRAINT "case_reports_non_negative" CHECK (least("case_reports"."f0_new_community", "case_reports"."f0_new_quarantine", "case_reports"."f0_active", "case_reports"."f1_traced", "case_reports"."f1_quarantined", "case_reports"."f2", "case_reports"."samples_tested", "case_reports"."positives", "case_reports"."vaccine_doses") >= 0)
);
--> statement-breakpoint
CREATE TABLE "districts" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"zone_scheme" text NOT NULL,
	"reporting_interval_minutes" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "districts_singleton" CHECK ("districts"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"ward_code" text,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wards" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"reporting_interval_minutes" integer NOT NULL,
	"hotline" text,
	"population" integer,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_reports" ADD CONSTRAINT "case_reports_ward_code_wards_code_fk" FOREIGN KEY ("ward_code") REFERENCES "public"."wards"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_reports_ward_time" ON "case_reports" USING btree ("ward_code","reported_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "events_created" ON "events" USING btree ("created_at");