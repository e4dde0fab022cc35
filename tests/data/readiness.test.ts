/**
 * Readiness templates on a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set,
 * issue 14 §5): a district commander applies a template to every ward's board in one audited,
 * idempotent command; a ward commander or an unknown template is refused with nothing changed;
 * a board held live gets the card at once; ticks show in the completion per ward and on the wall.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import { auditLog, boardCards, yjsUpdates } from '../../src/lib/server/db/schema.ts';
import { ForbiddenError, NotFoundError } from '../../src/lib/server/errors.ts';
import type { Principal } from '../../src/lib/domain/access.ts';
import { readBoard } from '../../src/lib/domain/board.ts';
import { updateCheckItem } from '../../src/lib/contracts/board-edits.ts';
import type { Services } from '../../src/lib/server/services/index.ts';
import type { LiveEvent } from '../../src/lib/contracts/live.ts';
import { createTestServices, DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../fixtures/db.ts';

const commander: Principal = { kind: 'user', id: 'd', username: 'd', name: 'Chỉ huy quận', role: 'district_commander', wardCode: null };
const kimMa: Principal = { kind: 'user', id: 'km', username: 'km', name: 'Chỉ huy Kim Mã', role: 'ward_commander', wardCode: 'kim-ma' };
const viewer: Principal = { kind: 'user', id: 'v', username: 'v', name: 'Xem', role: 'viewer', wardCode: null };

// 10:00 on 02/09/2021 in Hanoi.
const NOW = new Date('2021-09-02T03:00:00.000Z');

describe.each(DATABASE_KINDS)('readiness templates on %s', (kind) => {
	let t: TestDatabase;
	let services: Services;
	let published: LiveEvent[];
	beforeAll(async () => {
		t = await openTestDatabase(kind);
		({ services, published } = await createTestServices(t.database, undefined, { clock: () => NOW }));
	});
	afterAll(async () => {
		await services?.boards.close();
		await t?.dispose();
	});
	const db = () => t.database.db;
	const count = async (table: typeof yjsUpdates | typeof auditLog) => (await db().select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
	const templateRows = () => db().select().from(boardCards).where(isNotNull(boardCards.template));
	const stored = async (name: string) => {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, (await services.boards.persistence.read(name))!);
		return readBoard(doc);
	};

	it('a ward commander, a viewer and an unknown template are refused: nothing is written', async () => {
		const before = { updates: await count(yjsUpdates), audit: await count(auditLog) };
		await expect(services.readiness.apply(kimMa, '4-tai-cho')).rejects.toBeInstanceOf(ForbiddenError);
		await expect(services.readiness.apply(viewer, '4-tai-cho')).rejects.toBeInstanceOf(ForbiddenError);
		// refused before the template is looked up: a stranger learns nothing of which exist
		await expect(services.readiness.apply(kimMa, 'khong-co')).rejects.toBeInstanceOf(ForbiddenError);
		await expect(services.readiness.apply(commander, 'khong-co')).rejects.toBeInstanceOf(NotFoundError);
		await expect(services.readiness.apply(commander, '')).rejects.toBeInstanceOf(NotFoundError);
		expect({ updates: await count(yjsUpdates), audit: await count(auditLog) }).toEqual(before);
		expect(await templateRows()).toEqual([]);
	});

	it('a district commander applies "4 tại chỗ": one card per ward board with four items, owner and focus, audited and projected', async () => {
		const events = published.length;
		const r = await services.readiness.apply(commander, '4-tai-cho', 'apply-4-tai-cho-1');
		expect(r.added).toHaveLength(14);
		expect(r.unchanged).toEqual([]);
		const board = await stored('board:ward:kim-ma');
		const cards = board.columns.flatMap((c) => c.cards);
		expect(cards).toHaveLength(1);
		expect(cards[0]).toMatchObject({
			template: '4-tai-cho',
			focus: 'distancing',
			ward: 'kim-ma',
			column: 'todo',
			assignee: { kind: 'unit', name: 'Ban Chỉ huy phường Kim Mã' },
			createdBy: 'Chỉ huy quận'
		});
		expect(cards[0]!.checklist.map((i) => i.text)).toEqual(['Chỉ huy tại chỗ', 'Lực lượng tại chỗ', 'Phương tiện, vật tư tại chỗ', 'Hậu cần tại chỗ']);
		// the district's own board is not a ward's: nothing there
		expect((await stored('board:district')).columns.flatMap((c) => c.cards)).toEqual([]);

		const rows = await templateRows();
		expect(rows).toHaveLength(14);
		expect(rows.every((x) => x.template === '4-tai-cho' && x.checkDone === 0 && x.checkTotal === 4)).toBe(true);
		const audit = await db().select().from(auditLog).where(eq(auditLog.action, 'readiness.apply'));
		expect(audit).toHaveLength(15);
		expect(audit.find((a) => a.entity === 'readiness')).toMatchObject({ entityId: '4-tai-cho', actorName: 'Chỉ huy quận' });
		expect(audit.filter((a) => a.entity === 'board').map((a) => a.wardCode).sort()).toEqual(r.added.sort());
		// the wall heard every ward's new list
		const changed = published.slice(events).filter((e) => e.type === 'tasks:changed');
		expect(new Set(changed.map((e) => e.wardCode)).size).toBe(14);
		const snap = await services.live.snapshot(viewer);
		expect(snap.tasks.filter((x) => x.template === '4-tai-cho')).toHaveLength(14);

		const p = await services.readiness.picture(viewer);
		expect(p.wards).toHaveLength(14);
		expect(p.readiness.byWard['kim-ma']).toEqual({ '4-tai-cho': { done: 0, total: 4 } });
		expect(p.readiness.district['4-tai-cho']).toEqual({ done: 0, total: 56, wards: 14 });
	});

	it('applying again adds nothing; a retried key answers the first outcome and writes nothing at all', async () => {
		const updates = await count(yjsUpdates);
		const again = await services.readiness.apply(commander, '4-tai-cho');
		expect(again.added).toEqual([]);
		expect(again.unchanged).toHaveLength(14);
		expect(await count(yjsUpdates)).toBe(updates);
		expect(await templateRows()).toHaveLength(14);
		const audit = await count(auditLog);
		const replay = await services.readiness.apply(commander, '4-tai-cho', 'apply-4-tai-cho-1');
		expect(replay.added).toHaveLength(14); // the first outcome
		expect({ updates: await count(yjsUpdates), audit: await count(auditLog) }).toEqual({ updates, audit });
	});

	it('a board held live gets the card at once; ticking items shows in the completion per ward', async () => {
		// As the /yjs endpoint holds a document while a tablet is connected.
		const live = new Y.Doc();
		await services.boards.persistence.load('board:ward:ngoc-ha', live);
		const r = await services.readiness.apply(commander, '3-truoc');
		expect(r.added).toHaveLength(14);
		const card = readBoard(live)
			.columns.flatMap((c) => c.cards)
			.find((c) => c.template === '3-truoc')!;
		expect(card.checklist).toHaveLength(3);
		// the ward ticks two of three (the tablet's edit arrives in the live document)
		const by = { by: 'Chỉ huy Ngọc Hà', now: () => NOW };
		updateCheckItem(live, card.id, card.checklist[0]!.id, { done: true }, by);
		updateCheckItem(live, card.id, card.checklist[2]!.id, { done: true }, by);
		await services.boards.settle();
		const [row] = await db()
			.select()
			.from(boardCards)
			.where(and(eq(boardCards.wardCode, 'ngoc-ha'), eq(boardCards.template, '3-truoc')));
		expect(row).toMatchObject({ checkDone: 2, checkTotal: 3 });
		const p = await services.readiness.picture(commander);
		expect(p.readiness.byWard['ngoc-ha']).toEqual({ '4-tai-cho': { done: 0, total: 4 }, '3-truoc': { done: 2, total: 3 } });
		// a ward commander sees its own ward only
		const own = await services.readiness.picture(kimMa);
		expect(own.wards.map((w) => w.code)).toEqual(['kim-ma']);
		expect(Object.keys(own.readiness.byWard)).toEqual(['kim-ma']);
		await services.boards.persistence.flush('board:ward:ngoc-ha', live);
		live.destroy();
		// stored as well: a fresh read has the ticks
		expect((await stored('board:ward:ngoc-ha')).columns.flatMap((c) => c.cards).find((c) => c.template === '3-truoc')!.checklist.filter((i) => i.done)).toHaveLength(2);
	});
});
