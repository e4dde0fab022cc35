CREATE TABLE "inspections" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"board_id" text NOT NULL,
	"card_id" text,
	"card_title" text,
	"ward_code" text,
	"inspector_kind" text NOT NULL,
	"inspector_id" text,
	"inspector_name" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"conclusion" text NOT NULL,
	"findings" text NOT NULL,
	"supersedes" bigint,
	CONSTRAINT "inspections_conclusion" CHECK ("inspections"."conclusion" in ('pass', 'fail', 'recommend'))
);
--> statement-breakpoint
CREATE TABLE "inspector_boards" (
	"user_id" text NOT NULL,
	"board_id" text NOT NULL,
	CONSTRAINT "inspector_boards_user_id_board_id_pk" PRIMARY KEY("user_id","board_id")
);
--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspector_boards" ADD CONSTRAINT "inspector_boards_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspector_boards" ADD CONSTRAINT "inspector_boards_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inspections_supersedes" ON "inspections" USING btree ("supersedes");--> statement-breakpoint
CREATE INDEX "inspections_board_at" ON "inspections" USING btree ("board_id","at");--> statement-breakpoint
CREATE INDEX "inspections_at" ON "inspections" USING btree ("at");--> statement-breakpoint
CREATE INDEX "inspector_boards_board" ON "inspector_boards" USING btree ("board_id");