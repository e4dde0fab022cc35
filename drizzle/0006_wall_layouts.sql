CREATE TABLE "wall_layouts" (
	"slug" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"views" jsonb NOT NULL,
	"pin" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wall_layouts_slug_shape" CHECK ("wall_layouts"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);
--> statement-breakpoint
ALTER TABLE "kiosk_tokens" ADD COLUMN "layout_slug" text;--> statement-breakpoint
ALTER TABLE "kiosk_tokens" ADD CONSTRAINT "kiosk_tokens_layout_slug_wall_layouts_slug_fk" FOREIGN KEY ("layout_slug") REFERENCES "public"."wall_layouts"("slug") ON DELETE set null ON UPDATE no action;