ALTER TABLE "board_cards" ADD COLUMN "template" text;--> statement-breakpoint
ALTER TABLE "board_cards" ADD COLUMN "check_done" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "board_cards" ADD COLUMN "check_total" integer DEFAULT 0 NOT NULL;