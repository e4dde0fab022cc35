/**
 * Saved wall layouts: named playlists a TV opens with `/wall?layout=<slug>` or as its kiosk's
 * default. validate (zod + the domain's playlist parser) → transaction → audit → outbox event →
 * publish after commit, so every wall showing a layout picks up an edit live.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { LiveEvent } from '../../contracts/live.ts';
import { fieldError } from '../../contracts/errors.ts';
import { parseLayout } from '../../contracts/wall-layouts.ts';
import { actorLabel, can, type Principal } from '../../domain/access.ts';
import type { PlaylistItem, WallView } from '../../domain/playlist.ts';
import type { WallLayout } from '../../domain/wall-layout.ts';
import { kioskTokens, wallLayouts } from '../db/schema.ts';
import type { Db, Tx } from '../db/client.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import type { EventBus } from '../realtime/bus.ts';
import { record } from './audit.ts';
import { appendEvent } from './outbox.ts';

type Row = typeof wallLayouts.$inferSelect;

export const toLayoutView = (r: Row): WallLayout => ({
	slug: r.slug,
	title: r.title,
	views: r.views as PlaylistItem[],
	pin: (r.pin as WallView | null) ?? null,
	createdBy: r.createdBy,
	updatedAt: r.updatedAt.toISOString()
});

/** What the audit log keeps of a layout: its content, not its timestamps. */
const audited = (l: Pick<WallLayout, 'title' | 'views' | 'pin'>) => ({ title: l.title, views: l.views, pin: l.pin });

export function createWallLayoutService(deps: { db: Db; bus: EventBus; clock: () => Date }) {
	const { db, bus, clock } = deps;

	function requireManage(actor: Principal): void {
		if (!can(actor, 'layout:manage')) throw new ForbiddenError('layout:manage');
	}
	function requireRead(actor: Principal): void {
		if (!can(actor, 'layout:read')) throw new ForbiddenError('layout:read');
	}

	/** change → audit → event in one transaction; the event is published only once it committed. */
	async function write<T>(change: (tx: Tx) => Promise<{ result: T; event: Parameters<typeof appendEvent>[1] }>): Promise<T> {
		const { result, event } = await db.transaction(async (tx) => {
			const { result, event } = await change(tx);
			return { result, event: await appendEvent(tx, event) };
		});
		bus.publish(event as LiveEvent);
		return result;
	}

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
			return write(async (tx) => {
				const now = clock();
				const [r] = await tx
					.insert(wallLayouts)
					.values({ slug: v.slug, title: v.title, views: v.views, pin: v.pin, createdBy: actorLabel(actor).name, createdAt: now, updatedAt: now })
					// A race for the same slug: the loser gets the same field error as a slow typist.
					.onConflictDoNothing()
					.returning();
				if (!r) throw new ValidationError([fieldError('slug', 'slug_taken', v.slug)]);
				const layout = toLayoutView(r);
				await record(tx, actor, { action: 'wall_layout.create', entity: 'wall_layout', entityId: v.slug, after: audited(layout) });
				return { result: layout, event: { type: 'layouts:changed', wardCode: null, slug: v.slug, layout } };
			});
		},

		/** Title, views and pin; the slug stays (TVs' links carry it). */
		async update(actor: Principal, slug: string, body: unknown): Promise<WallLayout> {
			requireManage(actor);
			const parsed = parseLayout(body, false);
			if (!parsed.ok) throw new ValidationError(parsed.errors);
			const v = parsed.value;
			return write(async (tx) => {
				// FOR UPDATE: two editors saving at once are applied one after the other, each audited against what it replaced.
				const [before] = await tx.select().from(wallLayouts).where(eq(wallLayouts.slug, slug)).for('update');
				if (!before) throw new NotFoundError('wall_layout', slug);
				const [r] = await tx
					.update(wallLayouts)
					.set({ title: v.title, views: v.views, pin: v.pin, updatedAt: clock() })
					.where(eq(wallLayouts.slug, slug))
					.returning();
				const layout = toLayoutView(r!);
				await record(tx, actor, {
					action: 'wall_layout.update',
					entity: 'wall_layout',
					entityId: slug,
					before: audited(toLayoutView(before)),
					after: audited(layout)
				});
				return { result: layout, event: { type: 'layouts:changed', wardCode: null, slug, layout } };
			});
		},

		/**
		 * Refused while a wall display that is still in service has it as its default (that TV would
		 * silently change what it shows); revoked kiosks let go of it (the foreign key sets null).
		 */
		async remove(actor: Principal, slug: string): Promise<void> {
			requireManage(actor);
			await write(async (tx) => {
				const [before] = await tx.select().from(wallLayouts).where(eq(wallLayouts.slug, slug)).for('update');
				if (!before) throw new NotFoundError('wall_layout', slug);
				const users = await tx
					.select({ name: kioskTokens.name })
					.from(kioskTokens)
					.where(and(eq(kioskTokens.layoutSlug, slug), isNull(kioskTokens.revokedAt)));
				if (users.length) throw new ValidationError([fieldError('slug', 'layout_in_use', users.map((k) => k.name).join(', '))]);
				await tx.delete(wallLayouts).where(eq(wallLayouts.slug, slug));
				await record(tx, actor, { action: 'wall_layout.delete', entity: 'wall_layout', entityId: slug, before: audited(toLayoutView(before)) });
				return { result: undefined, event: { type: 'layouts:changed', wardCode: null, slug, layout: null } };
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
