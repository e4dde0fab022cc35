CREATE TABLE "zone_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subject" text NOT NULL,
	"subject_key" text NOT NULL,
	"ward_code" text NOT NULL,
	"from_zone" text,
	"to_zone" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "zone_changes_subject_kind" CHECK ("zone_changes"."subject" in ('ward', 'blockade'))
);
--> statement-breakpoint
ALTER TABLE "zone_changes" ADD CONSTRAINT "zone_changes_ward_code_wards_code_fk" FOREIGN KEY ("ward_code") REFERENCES "public"."wards"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "zone_changes_subject" ON "zone_changes" USING btree ("subject","subject_key","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "zone_changes_at" ON "zone_changes" USING btree ("at");--> statement-breakpoint
CREATE INDEX "zone_changes_ward_at" ON "zone_changes" USING btree ("ward_code","at");