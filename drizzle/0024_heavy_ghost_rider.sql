CREATE TABLE "duty_shifts" (
	"unit" text NOT NULL,
	"date" text NOT NULL,
	"shift" integer NOT NULL,
	"leader" jsonb,
	"officers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duty_shifts_unit_date_shift_pk" PRIMARY KEY("unit","date","shift"),
	CONSTRAINT "duty_shifts_shift" CHECK ("duty_shifts"."shift" >= 1)
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "phone" text;--> statement-breakpoint
CREATE INDEX "duty_shifts_date" ON "duty_shifts" USING btree ("date");