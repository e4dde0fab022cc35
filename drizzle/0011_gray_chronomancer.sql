ALTER TABLE "quarantine_movements" ADD COLUMN "decision_ref" text;--> statement-breakpoint
ALTER TABLE "quarantine_movements" ADD COLUMN "acceptance" jsonb;