CREATE TABLE "welfare_reports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ward_code" text NOT NULL,
	"day" text NOT NULL,
	"households_supported" integer,
	"people_supported" integer,
	"aid_packages" integer,
	"cash_pending" integer,
	"cash_paid" integer,
	"shelter_taken_in" integer,
	"reported_by" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"reported_at" timestamp with time zone NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "welfare_reports_non_negative" CHECK (coalesce(least("welfare_reports"."households_supported", "welfare_reports"."people_supported", "welfare_reports"."aid_packages", "welfare_reports"."cash_pending", "welfare_reports"."cash_paid", "welfare_reports"."shelter_taken_in"), 0) >= 0),
	CONSTRAINT "welfare_reports_something" CHECK (coalesce("welfare_reports"."households_supported", "welfare_reports"."people_supported", "welfare_reports"."aid_packages", "welfare_reports"."cash_pending", "welfare_reports"."cash_paid", "welfare_reports"."shelter_taken_in") is not null)
);
--> statement-breakpoint
ALTER TABLE "stock_movements" ADD COLUMN "destination_ward_code" text;--> statement-breakpoint
ALTER TABLE "welfare_reports" ADD CONSTRAINT "welfare_reports_ward_code_wards_code_fk" FOREIGN KEY ("ward_code") REFERENCES "public"."wards"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "welfare_reports_ward_day" ON "welfare_reports" USING btree ("ward_code","day");--> statement-breakpoint
CREATE INDEX "welfare_reports_reported_at" ON "welfare_reports" USING btree ("reported_at");--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_destination_ward_code_wards_code_fk" FOREIGN KEY ("destination_ward_code") REFERENCES "public"."wards"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stock_movements_households" ON "stock_movements" USING btree ("destination_ward_code") WHERE "stock_movements"."destination_kind" = 'households';