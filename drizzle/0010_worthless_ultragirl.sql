ALTER TABLE "case_reports" ADD COLUMN "entered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "duty_records" ADD COLUMN "checked_in_entered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "duty_records" ADD COLUMN "checked_out_entered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "quarantine_movements" ADD COLUMN "entered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD COLUMN "entered_at" timestamp with time zone;