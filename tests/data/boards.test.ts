/**
 * Task boards on a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set): seeding,
 * the Yjs update log and its compaction, audit of edits, the projection into board_cards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import { auditLog, boardCards, boards, yjsSnapshots, yjsUpdates } from '../../src/lib/server/db/schema.ts';
import { ForbiddenError, ValidationError } from '../../src/lib/server/errors.ts';
import type { Principal } from '../../src/lib/domain/access.ts';
import { readBoard } from '../../src/lib/domain/board.ts';
import { addCard, archiveCard, moveCard, removeColumn, updateCard } from '../../src/lib/contracts/board-edits.ts';
import { createBoardService, type BoardService } from '../../src/lib/server/services/boards.ts';
import { loadDistrict } from '../../src/lib/server/services/district.ts';
import { createYjsPersistence } from '../../src/lib/server/collab/persistence.ts';
import { createCollab } from '../../src/lib/server/collab/server.ts';
import { createServices, type Services } from '../../src/lib/server/services/index.ts';
import type { LiveEvent } from '../../src/lib/contracts/live.ts';
import { events } from '../../src/lib/server/db/schema.ts';
import { createLocalBus } from '../../src/lib/server/realtime/bus.ts';
import { readDistrictDefinition } from '../../server/core.ts';
import { BA_DINH, DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../fixtures/db.ts';

const admin: Principal = { kind: 'user', id: 'a', username: 'admin', name: 'Quản trị', role: 'admin', wardCode: null };
const commander: Principal = { kind: 'user', id: 'd', username: 'd', name: 'Chỉ huy quận', role: 'district_commander', wardCode: null };
const kimMa: Principal = { kind: 'user', id: 'km', username: 'km', name: 'Chỉ huy Kim Mã', role: 'ward_commander', wardCode: 'kim-ma' };
const viewer: Principal = { kind: 'user', id: 'v', username: 'v', name: 'Xem', role: 'viewer', wardCode: null };
const kiosk: Principal = { kind: 'kiosk', id: 'k1', name: 'TV 1' };

// 10:00 on 02/09/2021 in Hanoi.
const NOW = new Date('2021-09-02T03:00:00.000Z');
const ctx = { by: 'Chỉ huy quận', now: () => NOW };
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(DATABASE_KINDS)('task boards on %s', (kind) => {
	let t: TestDatabase;
	let boardsSvc: BoardService;
	let liveSvc: Services["live"];
	const published: LiveEvent[] = [];
	beforeAll(async () => {
		t = await openTestDatabase(kind);
		const bus = createLocalBus();
		bus.subscribe((e) => published.push(e));
		const services = await createServices({ database: t.database, bus, definition: await readDistrictDefinition(BA_DINH), clock: () => NOW });
		boardsSvc = services.boards;
		liveSvc = services.live;
	});
	afterAll(async () => {
		await boardsSvc?.close();
		await t?.dispose();
	});
	const rowsOf = (id: string) =>
		t.database.db.select().from(boardCards).where(eq(boardCards.boardId, id)).orderBy(asc(boardCards.cardId));

	it('the district board and one board per ward exist, seeded once with the default columns', async () => {
		const all = await boardsSvc.list(admin);
		expect(all).toHaveLength(15);
		expect(all[0]).toMatchObject({ id: 'district', kind: 'district', access: 'write', docName: 'board:district' });
		expect(all[1]).toMatchObject({ id: 'ward:phuc-xa', wardCode: 'phuc-xa', title: 'Bảng công việc — Phường Phúc Xá' });
		const state = await boardsSvc.persistence.read('board:ward:kim-ma');
		const doc = new Y.Doc();
		Y.applyUpdate(doc, state!);
		expect(readBoard(doc).columns.map((c) => c.title)).toEqual(['Cần làm', 'Đang làm', 'Chờ kiểm tra', 'Hoàn thành']);
		// a second start seeds nothing again
		const again = await createBoardService({ db: t.database.db, district: await loadDistrict(t.database.db), clock: () => NOW });
		await again.close();
		const [n] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(yjsUpdates).where(eq(yjsUpdates.doc, 'board:ward:kim-ma'));
		expect(n!.n).toBe(1);
	});

	it('each reader sees only the boards its role allows, with the access it has', async () => {
		expect((await boardsSvc.list(kimMa)).map((b) => [b.id, b.access])).toEqual([['ward:kim-ma', 'write']]);
		expect((await boardsSvc.list(viewer)).every((b) => b.access === 'read')).toBe(true);
		expect((await boardsSvc.list(kiosk))).toHaveLength(15);
		expect(await boardsSvc.get(kimMa, 'ward:ngoc-ha')).toBeNull();
		expect(await boardsSvc.get(kimMa, 'district')).toBeNull();
		expect(await boardsSvc.get(admin, 'nonexistent')).toBeNull();
	});

	it('creating a board: only admin and district commander; bad or taken ids refused with the field, nothing saved', async () => {
		const before = (await t.database.db.select().from(boards)).length;
		await expect(boardsSvc.create(kimMa, { id: 'kiem-tra', title: 'x' })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(boardsSvc.create(viewer, { id: 'kiem-tra', title: 'x' })).rejects.toBeInstanceOf(ForbiddenError);
		const refused = async (input: unknown) => {
			try {
				await boardsSvc.create(commander, input);
			} catch (e) {
				if (e instanceof ValidationError) return e.errors.map((x) => `${x.field}:${x.code}`);
				throw e;
			}
			return 'created';
		};
		expect(await refused({ id: 'Kiểm tra', title: 'Đợt kiểm tra' })).toEqual(['id:bad_board_id']);
		expect(await refused({ id: 'district', title: 'x' })).toEqual(['id:board_id_taken']);
		expect(await refused({ id: 'kiem-tra', title: '' })).toEqual(['title:required']);
		expect(await refused({ id: 'kiem-tra', title: 'x', ward: 'atlantis' })).toEqual(['ward:unknown_ward']);
		expect((await t.database.db.select().from(boards)).length).toBe(before);

		const b = await boardsSvc.create(commander, { id: 'kiem-tra-dot-1', title: 'Đoàn kiểm tra đợt 1', ward: 'kim-ma' });
		expect(b).toMatchObject({ id: 'kiem-tra-dot-1', kind: 'campaign', access: 'write', docName: 'board:kiem-tra-dot-1' });
		expect(await refused({ id: 'kiem-tra-dot-1', title: 'again' })).toEqual(['id:board_id_taken']);
		const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'board.create'));
		expect(audit).toEqual([expect.objectContaining({ actorName: 'Chỉ huy quận', entityId: 'kiem-tra-dot-1' })]);
	});

	it('edits through the endpoint are appended within the flush interval and survive a reload', async () => {
		const collab = createCollab({ persistence: boardsSvc.persistence, idleUnloadMs: 60_000 });
		const doc = await collab.loadDoc('board:district');
		// Edits made over a connection carry its actor; simulate that origin as the endpoint does.
		const id = addCard(doc, 'todo', { title: 'Rà soát F1 tổ dân phố 5', ward: 'kim-ma', deadline: '2021-09-01' }, ctx);
		await wait(400);
		const rows = await t.database.db.select().from(yjsUpdates).where(eq(yjsUpdates.doc, 'board:district'));
		expect(rows.length).toBeGreaterThanOrEqual(2); // the seed, then the edit
		await collab.close();

		const state = await boardsSvc.persistence.read('board:district');
		const again = new Y.Doc();
		Y.applyUpdate(again, state!);
		expect(readBoard(again).columns[0]!.cards.map((c) => c.id)).toEqual([id]);
	});

	it('compaction merges the log into one snapshot under a lock, and reads the same state', async () => {
		const persistence = createYjsPersistence({ db: t.database.db, flushMs: 5 });
		const doc = new Y.Doc();
		await persistence.load('board:kiem-tra-dot-1', doc);
		for (let i = 0; i < 20; i++) addCard(doc, 'todo', { title: `Thẻ ${i}` }, ctx);
		await persistence.flush('board:kiem-tra-dot-1', doc); // flushing also compacts
		const before = readBoard(doc);
		const [snap] = await t.database.db.select().from(yjsSnapshots).where(eq(yjsSnapshots.doc, 'board:kiem-tra-dot-1'));
		expect(snap).toBeDefined();
		const left = await t.database.db.select().from(yjsUpdates).where(eq(yjsUpdates.doc, 'board:kiem-tra-dot-1'));
		expect(left).toEqual([]);
		// two compactions at once (two processes) leave one consistent snapshot
		addCard(doc, 'doing', { title: 'Sau nén' }, ctx);
		await persistence.flushAll();
		await Promise.all([persistence.compact('board:kiem-tra-dot-1'), persistence.compact('board:kiem-tra-dot-1')]);
		const reloaded = new Y.Doc();
		Y.applyUpdate(reloaded, (await persistence.read('board:kiem-tra-dot-1'))!);
		expect(readBoard(reloaded).columns[0]!.cards.map((c) => c.title)).toEqual(before.columns[0]!.cards.map((c) => c.title));
		expect(readBoard(reloaded).columns[1]!.cards.map((c) => c.title)).toEqual(['Sau nén']);
		doc.destroy();
	});

	it('the projection counts open, overdue and due-today tasks per ward, and a rebuild gives the same rows', async () => {
		const collab = createCollab({ persistence: boardsSvc.persistence, idleUnloadMs: 60_000 });
		const doc = await collab.loadDoc('board:ward:kim-ma');
		const a = addCard(doc, 'todo', { title: 'Quá hạn', deadline: '2021-09-01' }, ctx);
		addCard(doc, 'doing', { title: 'Hôm nay', deadline: '2021-09-02T17:00' }, ctx);
		addCard(doc, 'todo', { title: 'Tuần sau', deadline: '2021-09-09' }, ctx);
		const done = addCard(doc, 'todo', { title: 'Xong', deadline: '2021-08-30' }, ctx);
		moveCard(doc, done, 'done', 0, ctx);
		const gone = addCard(doc, 'todo', { title: 'Lưu trữ', deadline: '2021-08-30' }, ctx);
		archiveCard(doc, gone, ctx);
		updateCard(doc, a, { ward: 'ngoc-ha' }, ctx);
		await boardsSvc.settle();
		const rows = await rowsOf('ward:kim-ma');
		expect(rows).toHaveLength(5);
		expect(rows.find((r) => r.cardId === a)).toMatchObject({ wardCode: 'ngoc-ha', columnTitle: 'Cần làm', done: false, dueAt: new Date('2021-09-01T23:59:59.999+07:00') });
		const tasks = (await boardsSvc.liveTasks()).filter((x) => !x.done);
		// Kim Mã's open tasks: two on its own board, one the district board gave it (earlier test);
		// the card moved to Ngọc Hà counts there, done and archived cards nowhere.
		expect(tasks.filter((x) => x.wardCode === 'kim-ma').map((x) => x.deadline).sort()).toEqual(['2021-09-01', '2021-09-02T17:00', '2021-09-09']);
		// The done card is live (the roll-up counts it as done); the archived one is not there at all.
		expect((await boardsSvc.liveTasks('kim-ma')).filter((x) => x.done).map((x) => x.deadline)).toEqual(['2021-08-30']);
		expect(tasks.filter((x) => x.wardCode === 'ngoc-ha').map((x) => x.deadline)).toEqual(['2021-09-01']);
		const [summary] = (await boardsSvc.list(kimMa));
		// counted on the board (clock 10:00 on 02/09): 3 open — 1 overdue, 1 due today
		expect(summary!.counts).toEqual({ open: 3, overdue: 1, dueToday: 1 });

		// The wall heard it: one tasks:changed per ward touched, each with that ward's whole list,
		// written to the outbox (a wall that missed it gets it on resume) — and the snapshot agrees.
		const changed = published.filter((e) => e.type === 'tasks:changed');
		const last = (w: string) => changed.filter((e) => e.wardCode === w).at(-1) as Extract<LiveEvent, { type: 'tasks:changed' }>;
		expect(last('kim-ma').tasks.filter((x) => !x.done).map((x) => x.deadline).sort()).toEqual(['2021-09-01', '2021-09-02T17:00', '2021-09-09']);
		expect(last('ngoc-ha').tasks).toEqual([
			{ wardCode: 'ngoc-ha', deadline: '2021-09-01', done: false, focus: null, assigned: false, template: null, checkDone: 0, checkTotal: 0 }
		]);
		const stored = await t.database.db.select().from(events).where(eq(events.type, 'tasks:changed'));
		expect(stored.map((e) => Number(e.seq))).toEqual(changed.map((e) => e.seq));
		const snapKimMa = await liveSvc.snapshot(kimMa);
		expect(snapKimMa.tasks.filter((x) => !x.done).map((x) => x.deadline).sort()).toEqual(['2021-09-01', '2021-09-02T17:00', '2021-09-09']);
		expect((await liveSvc.snapshot(admin)).tasks.filter((x) => !x.done).length).toBe(4);

		// a removed column's cards still count, in the Unsorted lane
		removeColumn(doc, 'doing');
		await boardsSvc.settle();
		expect((await rowsOf('ward:kim-ma')).find((r) => r.title === 'Hôm nay')).toMatchObject({ columnId: '__unsorted__', columnTitle: 'Chưa xếp cột', done: false });

		await collab.close();
		// The boards edited through the endpoint (projected live) — the compaction test above wrote
		// its board behind the service's back, so only a rebuild projects that one.
		const live = async () =>
			(await t.database.db.select().from(boardCards).orderBy(asc(boardCards.boardId), asc(boardCards.cardId))).filter((r) => r.boardId !== 'kiem-tra-dot-1');
		const projected = await live();
		expect(projected.length).toBe(6);
		await t.database.db.delete(boardCards);
		await boardsSvc.rebuild();
		expect(await live()).toEqual(projected);
	});
});
