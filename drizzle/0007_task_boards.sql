CREATE TABLE "board_cards" (
	"board_id" text NOT NULL,
	"card_id" text NOT NULL,
	"ward_code" text,
	"title" text NOT NULL,
	"column_id" text NOT NULL,
	"column_title" text NOT NULL,
	"done" boolean NOT NULL,
	"archived" boolean NOT NULL,
	"assignee" text,
	"focus" text,
	"priority" text NOT NULL,
	"deadline" text,
	"due_at" timestamp with time zone,
	"updated_at" text NOT NULL,
	CONSTRAINT "board_cards_board_id_card_id_pk" PRIMARY KEY("board_id","card_id")
);
--> statement-breakpoint
CREATE TABLE "boards" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"ward_code" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "boards_kind" CHECK ("boards"."kind" in ('district', 'ward', 'campaign'))
);
--> statement-breakpoint
CREATE TABLE "yjs_snapshots" (
	"doc" text PRIMARY KEY NOT NULL,
	"state" "bytea" NOT NULL,
	"upto" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "yjs_updates" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"doc" text NOT NULL,
	"update" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "board_cards" ADD CONSTRAINT "board_cards_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "boards" ADD CONSTRAINT "boards_ward_code_wards_code_fk" FOREIGN KEY ("ward_code") REFERENCES "public"."wards"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "board_cards_ward" ON "board_cards" USING btree ("ward_code");--> statement-breakpoint
CREATE INDEX "yjs_updates_doc_id" ON "yjs_updates" USING btree ("doc","id");