ALTER TABLE "quarantine_movements" ADD COLUMN "person_kind" text;--> statement-breakpoint
ALTER TABLE "quarantine_movements" ADD COLUMN "origin_ward_code" text;--> statement-breakpoint
ALTER TABLE "quarantine_movements" ADD CONSTRAINT "quarantine_movements_origin_ward_code_wards_code_fk" FOREIGN KEY ("origin_ward_code") REFERENCES "public"."wards"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quarantine_movements_origin_at" ON "quarantine_movements" USING btree ("at") WHERE "quarantine_movements"."origin_ward_code" is not null;--> statement-breakpoint
ALTER TABLE "quarantine_movements" ADD CONSTRAINT "quarantine_movements_person_kind" CHECK ("quarantine_movements"."person_kind" is null or "quarantine_movements"."person_kind" in ('f1', 'f0'));