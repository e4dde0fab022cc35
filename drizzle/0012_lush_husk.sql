ALTER TABLE "checkpoints" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "districts" ADD COLUMN "quarantine_bed_target" integer;--> statement-breakpoint
ALTER TABLE "quarantine_facilities" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stock_items" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "warehouses" ADD COLUMN "retired_at" timestamp with time zone;