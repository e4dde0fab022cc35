CREATE TABLE "quarantine_facilities" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"ward_code" text,
	"kind" text NOT NULL,
	"address" text,
	"status" text NOT NULL,
	"capacity" integer NOT NULL,
	"occupied" integer DEFAULT 0 NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quarantine_beds_bounds" CHECK ("quarantine_facilities"."occupied" >= 0 and "quarantine_facilities"."occupied" <= "quarantine_facilities"."capacity")
);
--> statement-breakpoint
CREATE TABLE "quarantine_movements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"facility_code" text NOT NULL,
	"kind" text NOT NULL,
	"amount" integer,
	"status" text,
	"occupied_after" integer NOT NULL,
	"capacity_after" integer NOT NULL,
	"note" text,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "quarantine_facilities" ADD CONSTRAINT "quarantine_facilities_ward_code_wards_code_fk" FOREIGN KEY ("ward_code") REFERENCES "public"."wards"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantine_movements" ADD CONSTRAINT "quarantine_movements_facility_code_quarantine_facilities_code_fk" FOREIGN KEY ("facility_code") REFERENCES "public"."quarantine_facilities"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quarantine_movements_facility_at" ON "quarantine_movements" USING btree ("facility_code","at" DESC NULLS LAST);