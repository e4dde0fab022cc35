/**
 * Saved wall layouts: named playlists a TV opens with `/wall?layout=<slug>` or as its kiosk's
 * default. validate (zod + the domain's playlist parser) → transaction → audit → outbox event →
 * publish after commit, so every wall showing a layout picks up an edit live.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { fieldError } from '../../contracts/errors.ts';
import { parseLayout } from '../../contracts/wall-layouts.ts';
import { actorLabel, can, type Principal } from '../../domain/access.ts';
import type { PlaylistItem, WallView } from '../../domain/playlist.ts';
import type { WallLayout } from '../../domain/wall-layout.ts';
import { kioskTokens, wallLayouts } from '../db/schema.ts';
import type { Db, Tx } from '../db/client.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import type { EventBus } from '../realtime/bus.ts';
import { createCommand, type CommandSpec } from './command.ts';
import type { Inflight } from '../inflight.ts';

type Row = typeof wallLayouts.$inferSelect;

const toLayoutView = (r: Row): WallLayout => ({
	slug: r.slug,
	title: r.title,
	views: r.views as PlaylistItem[],
	pin: (r.pin as WallView | null) ?? null,
	createdBy: r.createdBy,
	updatedAt: r.updatedAt.toISOString()
});

/** What the audit log keeps of a layout: its content, not its timestamps. */
const audited = (l: Pick<WallLayout, 'title' | 'views' | 'pin'>) => ({ title: l.title, views: l.views, pin: l.pin });

export function createWallLayoutService(deps: { db: Db; bus: EventBus; inflight: Inflight; clock: () => Date }) {
	const { db, clock } = deps;
	const command = createCommand(deps);

	function requireManage(actor: Principal): void {
		if (!can(actor, 'layout:manage')) throw new ForbiddenError('layout:manage');
	}
	function requireRead(actor: Principal): void {
		if (!can(actor, 'layout:read')) throw new ForbiddenError('layout:read');
	}

	/** A layout change through the one write path: the district's leadership, audited, live on every wall. */
	const write = <T>(actor: Principal, operation: string, request: unknown, run: CommandSpec<T>['run']) =>
		command({ actor, action: 'layout:manage', operation, request, run });

	async function list(actor: Principal, reader: Db | Tx = db): Promise<WallLayout[]> {
		requireRead(actor);
		return (await reader.select().from(wallLayouts).orderBy(asc(wallLayouts.slug))).map(toLayoutView);
	}

	return {
		list,

		async get(actor: Principal, slug: string): Promise<WallLayout> {
			requireRead(actor);
			const [r] = await db.select().from(wallLayouts).where(eq(wallLayouts.slug, slug));
			if (!r) throw new NotFoundError('wall_layout', slug);
			return toLayoutView(r);
		},

		/** Refused as a whole (nothing saved) on any field error; a taken slug is a field error too. */
		async create(actor: Principal, body: unknown): Promise<WallLayout> {
			requireManage(actor);
			const parsed = parseLayout(body, true);
			if (!parsed.ok) throw new ValidationError(parsed.errors);
			const v = parsed.value;
			return write(actor, 'wall_layout.create', v, async (tx) => {
				const now = clock();
				const [r] = await tx
					.insert(wallLayouts)
					.values({ slug: v.slug, title: v.title, views: v.views, pin: v.pin, createdBy: actorLabel(actor).name, createdAt: now, updatedAt: now })
					// A race for the same slug: the loser gets the same field error as a slow typist.
					.onConflictDoNothing()
					.returning();
				if (!r) throw new ValidationError([fieldError('slug', 'slug_taken', v.slug)]);
				const layout = toLayoutView(r);
				return {
					result: layout,
					audit: [{ entity: 'wall_layout', entityId: v.slug, after: audited(layout) }],
					events: [{ type: 'layouts:changed', wardCode: null, slug: v.slug, layout }]
				};
			});
		},

		/** Title, views and pin; the slug stays (TVs' links carry it). */
		async update(actor: Principal, slug: string, body: unknown): Promise<WallLayout> {
			requireManage(actor);
			const parsed = parseLayout(body, false);
			if (!parsed.ok) throw new ValidationError(parsed.errors);
			const v = parsed.value;
			return write(actor, 'wall_layout.update', { slug, ...v }, async (tx) => {
				// FOR UPDATE: two editors saving at once are applied one after the other, each audited against what it replaced.
				const [before] = await tx.select().from(wallLayouts).where(eq(wallLayouts.slug, slug)).for('update');
				if (!before) throw new NotFoundError('wall_layout', slug);
				const [r] = await tx
					.update(wallLayouts)
					.set({ title: v.title, views: v.views, pin: v.pin, updatedAt: clock() })
					.where(eq(wallLayouts.slug, slug))
					.returning();
				const layout = toLayoutView(r!);
				return {
					result: layout,
					audit: [{ entity: 'wall_layout', entityId: slug, before: audited(toLayoutView(before)), after: audited(layout) }],
					events: [{ type: 'layouts:changed', wardCode: null, slug, layout }]
				};
			});
		},

		/**
		 * Refused while a wall display that is still in service has it as its default (that TV would
		 * silently change what it shows); revoked kiosks let go of it (the foreign key sets null).
		 */
		async remove(actor: Principal, slug: string): Promise<void> {
			requireManage(actor);
			await write(actor, 'wall_layout.delete', { slug }, async (tx) => {
				const [before] = await tx.select().from(wallLayouts).where(eq(wallLayouts.slug, slug)).for('update');
				if (!before) throw new NotFoundError('wall_layout', slug);
				const users = await tx
					.select({ name: kioskTokens.name })
					.from(kioskTokens)
					.where(and(eq(kioskTokens.layoutSlug, slug), isNull(kioskTokens.revokedAt)));
				if (users.length) throw new ValidationError([fieldError('slug', 'layout_in_use', users.map((k) => k.name).join(', '))]);
				await tx.delete(wallLayouts).where(eq(wallLayouts.slug, slug));
				return {
					result: undefined,
					audit: [{ entity: 'wall_layout', entityId: slug, before: audited(toLayoutView(before)) }],
					events: [{ type: 'layouts:changed', wardCode: null, slug, layout: null }]
				};
			});
		},

		/** A kiosk's default layout slug (null: none, or not a kiosk). Read inside the snapshot's transaction. */
		async kioskLayout(reader: Principal, tx: Db | Tx = db): Promise<string | null> {
			if (reader.kind !== 'kiosk') return null;
			const [k] = await tx.select({ layoutSlug: kioskTokens.layoutSlug }).from(kioskTokens).where(eq(kioskTokens.id, reader.id));
			return k?.layoutSlug ?? null;
		}
	};
}

export type WallLayoutService = ReturnType<typeof createWallLayoutService>;
