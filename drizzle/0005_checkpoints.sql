CREATE TABLE "checkpoints" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"ward_code" text NOT NULL,
	"kind" text NOT NULL,
	"lead_unit" text NOT NULL,
	"required" jsonb NOT NULL,
	"demo" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duty_records" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"checkpoint_code" text NOT NULL,
	"person_key" text NOT NULL,
	"person_name" text NOT NULL,
	"force" text NOT NULL,
	"shift_key" text NOT NULL,
	"checked_in_at" timestamp with time zone DEFAULT now() NOT NULL,
	"checked_out_at" timestamp with time zone,
	"actor_name" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "checkpoints" ADD CONSTRAINT "checkpoints_ward_code_wards_code_fk" FOREIGN KEY ("ward_code") REFERENCES "public"."wards"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_records" ADD CONSTRAINT "duty_records_checkpoint_code_checkpoints_code_fk" FOREIGN KEY ("checkpoint_code") REFERENCES "public"."checkpoints"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "duty_one_place_at_a_time" ON "duty_records" USING btree ("person_key") WHERE "duty_records"."checked_out_at" is null;--> statement-breakpoint
CREATE INDEX "duty_checkpoint_open" ON "duty_records" USING btree ("checkpoint_code","checked_out_at");