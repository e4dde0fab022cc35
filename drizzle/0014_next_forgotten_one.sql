CREATE TABLE "blockade_test_rounds" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"blockade_id" bigint NOT NULL,
	"round" integer NOT NULL,
	"of" integer NOT NULL,
	"date" text NOT NULL,
	"samples" integer NOT NULL,
	"positives" integer NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "blockade_round_counts" CHECK ("blockade_test_rounds"."round" between 1 and "blockade_test_rounds"."of" and "blockade_test_rounds"."positives" between 0 and "blockade_test_rounds"."samples")
);
--> statement-breakpoint
CREATE TABLE "blockades" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ward_code" text NOT NULL,
	"name" text NOT NULL,
	"address" text,
	"zone" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"people" integer NOT NULL,
	"households" integer NOT NULL,
	"lifted_at" timestamp with time zone,
	"lifted_by" text,
	"lift_reference" text,
	"lift_note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "blockades_counts" CHECK ("blockades"."people" >= 0 and "blockades"."households" >= 0 and "blockades"."households" <= "blockades"."people")
);
--> statement-breakpoint
ALTER TABLE "blockade_test_rounds" ADD CONSTRAINT "blockade_test_rounds_blockade_id_blockades_id_fk" FOREIGN KEY ("blockade_id") REFERENCES "public"."blockades"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blockades" ADD CONSTRAINT "blockades_ward_code_wards_code_fk" FOREIGN KEY ("ward_code") REFERENCES "public"."wards"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "blockade_round_once" ON "blockade_test_rounds" USING btree ("blockade_id","round");--> statement-breakpoint
CREATE INDEX "blockades_active" ON "blockades" USING btree ("ward_code") WHERE "blockades"."lifted_at" is null;--> statement-breakpoint
CREATE INDEX "blockades_lifted_at" ON "blockades" USING btree ("lifted_at");