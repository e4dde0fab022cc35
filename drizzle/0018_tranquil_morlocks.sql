CREATE TABLE "ward_days" (
	"ward_code" text NOT NULL,
	"day" text NOT NULL,
	"samples_tested" integer NOT NULL,
	"positives" integer NOT NULL,
	"vaccine_doses" integer NOT NULL,
	"f1_traced" integer NOT NULL,
	"made_at" timestamp with time zone NOT NULL,
	"report_id" bigint NOT NULL,
	CONSTRAINT "ward_days_ward_code_day_pk" PRIMARY KEY("ward_code","day")
);
--> statement-breakpoint
ALTER TABLE "wards" ADD COLUMN "doses_before" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ward_days" ADD CONSTRAINT "ward_days_ward_code_wards_code_fk" FOREIGN KEY ("ward_code") REFERENCES "public"."wards"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ward_days_day" ON "ward_days" USING btree ("day");