/**
 * Inspections on a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set): the
 * inspector's board assignment, the immutable rows and their supersede chain, the consequence on
 * the card applied in the same command (to the live document and to storage), every refusal
 * leaving nothing behind, the district list and the report's section.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import { auditLog, inspections as inspectionsTable, inspectorBoards, users, yjsUpdates } from '../../src/lib/server/db/schema.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../src/lib/server/errors.ts';
import type { Principal } from '../../src/lib/domain/access.ts';
import { readBoard } from '../../src/lib/domain/board.ts';
import { addCard, moveCard } from '../../src/lib/contracts/board-edits.ts';
import { createCollab } from '../../src/lib/server/collab/server.ts';
import type { Services } from '../../src/lib/server/services/index.ts';
import type { LiveEvent } from '../../src/lib/contracts/live.ts';
import { DATABASE_KINDS, createTestServices, openTestDatabase, type TestDatabase } from '../fixtures/db.ts';

const admin: Principal = { kind: 'user', id: 'a', username: 'admin', name: 'Quản trị', role: 'admin', wardCode: null };
const commander: Principal = { kind: 'user', id: 'd', username: 'chq', name: 'Chỉ huy quận', role: 'district_commander', wardCode: null };
const kimMa: Principal = { kind: 'user', id: 'km', username: 'km', name: 'Chỉ huy Kim Mã', role: 'ward_commander', wardCode: 'kim-ma' };
const ngocHa: Principal = { kind: 'user', id: 'nh', username: 'nh', name: 'Chỉ huy Ngọc Hà', role: 'ward_commander', wardCode: 'ngoc-ha' };
const viewer: Principal = { kind: 'user', id: 'v', username: 'v', name: 'Xem', role: 'viewer', wardCode: null };

const BOARD = 'kiem-tra-4-tai-cho';
const DOC = `board:${BOARD}`;
// 10:00 on 02/09/2021 in Hanoi; the clock moves on by a minute per inspection.
let now = new Date('2021-09-02T03:00:00.000Z');
const tick = () => (now = new Date(now.getTime() + 60_000));
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ward = () => ({ by: kimMa.kind === 'user' ? kimMa.name : '', now: () => now });

const SRC = path.resolve(import.meta.dirname, '../../src');
function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((f) => {
		const p = path.join(dir, f);
		return statSync(p).isDirectory() ? sources(p) : /\.(ts|svelte)$/.test(f) ? [p] : [];
	});
}

describe.each(DATABASE_KINDS)('inspections on %s', (kind) => {
	let t: TestDatabase;
	let s: Services;
	let published: LiveEvent[];
	let inspector: Principal;
	let collab: ReturnType<typeof createCollab>;
	let live: Y.Doc;
	const cards: Record<string, string> = {};

	const count = async () => (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(inspectionsTable))[0]!.n;
	const updates = async () => (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(yjsUpdates).where(eq(yjsUpdates.doc, DOC)))[0]!.n;
	const columnOf = (doc: Y.Doc, id: string) => readBoard(doc).columns.find((c) => c.cards.some((x) => x.id === id))?.id;
	const cardOf = (doc: Y.Doc, id: string) => readBoard(doc).columns.flatMap((c) => c.cards).find((c) => c.id === id)!;
	const stored = async () => {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, (await s.boards.persistence.read(DOC))!);
		return doc;
	};
	const fieldsOf = async (p: Promise<unknown>) => {
		const err = await p.then(
			() => null,
			(e: unknown) => e
		);
		expect(err).toBeInstanceOf(ValidationError);
		return (err as ValidationError).errors.map((e) => `${e.field}:${e.code}`);
	};

	beforeAll(async () => {
		t = await openTestDatabase(kind);
		const made = await createTestServices(t.database, undefined, { clock: () => now });
		s = made.services;
		published = made.published;
		await s.boards.create(admin, { id: BOARD, title: 'Kiểm tra "4 tại chỗ" — Kim Mã', ward: 'kim-ma' });
		await s.boards.create(admin, { id: 'dot-khac', title: 'Đợt khác' });
		collab = createCollab({ persistence: s.boards.persistence, idleUnloadMs: 60_000 });
		live = await collab.loadDoc(DOC);
		for (const name of ['Chỉ huy tại chỗ', 'Lực lượng tại chỗ', 'Phương tiện tại chỗ', 'Hậu cần tại chỗ']) {
			const id = addCard(live, 'todo', { title: name, ward: 'kim-ma' }, ward());
			moveCard(live, id, 'review', 0, ward());
			cards[name] = id;
		}
		await s.boards.persistence.flushAll();
	});
	afterAll(async () => {
		await collab?.close();
		await s?.boards.close();
		await t?.dispose();
	});

	it('an admin assigns campaign boards to an inspector; the session carries them; nothing else may be assigned', async () => {
		expect(await fieldsOf(s.accounts.create(admin, { username: 'dkt.binh', displayName: 'Trần Thị Bình', role: 'inspector', boards: ['district'] }))).toEqual([
			'boards:unknown_board'
		]);
		expect(await fieldsOf(s.accounts.create(admin, { username: 'dkt.binh', displayName: 'Trần Thị Bình', role: 'inspector', boards: ['khong-co'] }))).toEqual([
			'boards:unknown_board'
		]);
		expect(await t.database.db.select().from(users).where(eq(users.username, 'dkt.binh'))).toEqual([]);
		await expect(s.accounts.create(kimMa, { username: 'dkt.x', displayName: 'X', role: 'inspector', boards: [BOARD] })).rejects.toBeInstanceOf(ForbiddenError);

		const made = await s.accounts.create(admin, { username: 'dkt.binh', displayName: 'Trần Thị Bình', role: 'inspector', boards: [BOARD] });
		expect(made.user).toMatchObject({ role: 'inspector', wardCode: null, boards: [BOARD] });
		const signed = await s.accounts.signIn({ username: 'dkt.binh', password: made.oneTimePassword }, '10.0.0.9');
		const session = await s.accounts.resolveSession(signed.token);
		expect(session!.principal).toMatchObject({ role: 'inspector', boards: [BOARD] });
		inspector = session!.principal;

		// Boards belong to inspectors only: another role's are dropped.
		const staff = await s.accounts.create(admin, { username: 'cb.kimma', displayName: 'Cán bộ', role: 'ward_staff', wardCode: 'kim-ma', boards: [BOARD] });
		expect(staff.user.boards).toEqual([]);
		expect(await t.database.db.select().from(inspectorBoards).where(eq(inspectorBoards.userId, staff.user.id))).toEqual([]);
	});

	it('an inspector sees its board only, to write; the ward sees the campaign board of its ward; another ward does not', async () => {
		expect((await s.boards.list(inspector)).map((b) => [b.id, b.access])).toEqual([[BOARD, 'write']]);
		expect(await s.boards.accessFor(inspector, 'board:district')).toBeNull();
		expect(await s.boards.accessFor(inspector, 'board:dot-khac')).toBeNull();
		expect(await s.boards.accessFor(kimMa, DOC)).toBe('write');
		expect((await s.boards.list(kimMa)).map((b) => b.id)).toEqual(['ward:kim-ma', BOARD]);
		expect(await s.boards.accessFor(ngocHa, DOC)).toBeNull();
		// No ward figures, no reports for an inspector.
		await expect(s.reports.list(inspector)).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('chưa đạt: the card goes back to Đang làm with the findings as a comment, in one command (row, audit, event, document)', async () => {
		tick();
		const id = cards['Lực lượng tại chỗ']!;
		const before = published.length;
		const got = await s.inspections.record(inspector, BOARD, { card: id, conclusion: 'fail', findings: 'Thiếu danh sách lực lượng trực 24/24' });
		expect(got).toMatchObject({
			board: BOARD,
			card: id,
			cardTitle: 'Lực lượng tại chỗ',
			ward: 'kim-ma',
			inspector: { kind: 'user', name: 'Trần Thị Bình' },
			at: now.toISOString(),
			conclusion: 'fail',
			findings: 'Thiếu danh sách lực lượng trực 24/24',
			supersedes: null
		});
		// The live document (what the ward's tablet shows) and storage both have the consequence.
		for (const doc of [live, await stored()]) {
			expect(columnOf(doc, id)).toBe('doing');
			expect(cardOf(doc, id).comments.at(-1)).toMatchObject({ text: 'Kiểm tra: chưa đạt — Thiếu danh sách lực lượng trực 24/24', by: 'Trần Thị Bình' });
		}
		expect(published.slice(before).filter((e) => e.type === 'inspections:recorded')).toEqual([
			expect.objectContaining({ type: 'inspections:recorded', wardCode: 'kim-ma', inspection: got })
		]);
		const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'inspection.record'));
		expect(audit).toEqual([expect.objectContaining({ actorName: 'Trần Thị Bình', entityId: String(got.id), wardCode: 'kim-ma' })]);
		// The ward reads its history.
		expect((await s.inspections.list(kimMa, BOARD)).map((i) => i.id)).toEqual([got.id]);
		await expect(s.inspections.list(ngocHa, BOARD)).rejects.toBeInstanceOf(NotFoundError);
	});

	it('every refusal says why and changes nothing: no row, no audit, no document update', async () => {
		const id = cards['Chỉ huy tại chỗ']!;
		const [rows, log, audits] = [await count(), await updates(), (await t.database.db.select().from(auditLog)).length];
		await expect(s.inspections.record(kimMa, BOARD, { card: id, conclusion: 'pass' })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(s.inspections.record(viewer, BOARD, { card: id, conclusion: 'pass' })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(s.inspections.record(inspector, 'dot-khac', { card: id, conclusion: 'pass' })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(s.inspections.record(commander, 'khong-co', { card: id, conclusion: 'pass' })).rejects.toBeInstanceOf(NotFoundError);
		expect(await fieldsOf(s.inspections.record(inspector, BOARD, { card: id, conclusion: 'fail' }))).toEqual(['findings:required']);
		expect(await fieldsOf(s.inspections.record(inspector, BOARD, { card: 'khong-co', conclusion: 'pass' }))).toEqual(['card:unknown_card']);
		// Back in Đang làm: not waiting for inspection.
		expect(await fieldsOf(s.inspections.record(inspector, BOARD, { card: cards['Lực lượng tại chỗ'], conclusion: 'pass' }))).toEqual(['card:card_not_in_review']);
		expect(await fieldsOf(s.inspections.record(inspector, BOARD, { card: id, ward: 'ngoc-ha', conclusion: 'pass' }))).toEqual(['ward:unknown_ward']);
		expect(await fieldsOf(s.inspections.record(inspector, BOARD, { ward: 'khong-co', conclusion: 'pass' }))).toEqual(['ward:unknown_ward']);
		expect([await count(), await updates(), (await t.database.db.select().from(auditLog)).length]).toEqual([rows, log, audits]);
		expect(columnOf(live, id)).toBe('review');
	});

	it('a later inspection supersedes: the ward fixes it, the inspector passes it, the card is done and nothing is open', async () => {
		const id = cards['Lực lượng tại chỗ']!;
		moveCard(live, id, 'review', 0, ward());
		await s.boards.persistence.flushAll();
		tick();
		const first = (await s.inspections.list(kimMa, BOARD))[0]!;
		const pass = await s.inspections.record(inspector, BOARD, { card: id, conclusion: 'pass', findings: 'Đã bổ sung' });
		expect(pass.supersedes).toBe(first.id);
		expect(columnOf(live, id)).toBe('done');
		expect(cardOf(live, id).comments.at(-1)?.text).toBe('Kiểm tra: đạt — Đã bổ sung');
		expect((await s.inspections.district(commander)).open.filter((i) => i.card === id)).toEqual([]);
		// The first inspection is kept as it was.
		const [kept] = await t.database.db.select().from(inspectionsTable).where(eq(inspectionsTable.id, first.id));
		expect(kept).toMatchObject({ conclusion: 'fail', findings: 'Thiếu danh sách lực lượng trực 24/24' });
	});

	it('kiến nghị: done, and the recommendation stays open until a pass; a ward readiness is its own subject', async () => {
		tick();
		const id = cards['Phương tiện tại chỗ']!;
		const rec = await s.inspections.record(commander, BOARD, { card: id, conclusion: 'recommend', findings: 'Bổ sung 1 xe cứu thương' });
		expect(columnOf(live, id)).toBe('done');
		const readiness = await s.inspections.record(inspector, BOARD, { ward: 'kim-ma', conclusion: 'fail', findings: 'Chưa đủ "4 tại chỗ"' });
		expect(readiness).toMatchObject({ card: null, ward: 'kim-ma', supersedes: null });
		const d = await s.inspections.district(commander);
		expect(d.open.map((i) => i.id)).toEqual([readiness.id, rec.id]);
		expect(d.recent[0]!.id).toBe(readiness.id);
		await expect(s.inspections.district(kimMa)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(s.inspections.district(inspector)).rejects.toBeInstanceOf(ForbiddenError);
		expect((await s.inspections.district(viewer)).open).toHaveLength(2);
	});

	it('the same key twice is one inspection; two at once on one card make one chain', async () => {
		tick();
		const id = cards['Hậu cần tại chỗ']!;
		const key = 'a3f7c9e2-0000-4000-8000-000000000001';
		const a = await s.inspections.record(inspector, BOARD, { card: id, conclusion: 'pass' }, key);
		const b = await s.inspections.record(inspector, BOARD, { card: id, conclusion: 'pass' }, key);
		expect(b).toEqual(a);
		expect((await s.inspections.list(kimMa, BOARD)).filter((i) => i.card === id)).toHaveLength(1);
		// The card is done now: inspected again twice at once (two inspectors' phones).
		tick();
		await Promise.all([
			s.inspections.record(inspector, BOARD, { card: id, conclusion: 'recommend', findings: 'Kho cần thêm kệ' }),
			s.inspections.record(commander, BOARD, { card: id, conclusion: 'pass' })
		]);
		const chain = (await t.database.db.select().from(inspectionsTable).where(eq(inspectionsTable.cardId, id)).orderBy(asc(inspectionsTable.id))).map((r) => [
			r.id,
			r.supersedes
		]);
		expect(chain).toEqual([
			[chain[0]![0], null],
			[chain[1]![0], chain[0]![0]],
			[chain[2]![0], chain[1]![0]]
		]);
	});

	it('immutable: the database refuses a second successor of one inspection, and no code updates or deletes one', async () => {
		const [first] = await t.database.db.select().from(inspectionsTable).orderBy(asc(inspectionsTable.id)).limit(1);
		const successor = await t.database.db.select().from(inspectionsTable).where(eq(inspectionsTable.supersedes, first!.id));
		expect(successor).toHaveLength(1);
		const fork = { ...first!, id: undefined, supersedes: first!.id };
		await expect(t.database.db.insert(inspectionsTable).values(fork)).rejects.toThrow();
		// The service has no way to change one, and no module writes `update(inspections)` or `delete(inspections)`.
		expect(Object.keys(s.inspections).sort()).toEqual(['district', 'forReport', 'list', 'record']);
		const writers = sources(SRC).filter((f) => /\.(update|delete)\(\s*inspections(Table)?\s*\)/.test(readFileSync(f, 'utf8')));
		expect(writers).toEqual([]);
	});

	it("the report lists the inspections since the previous report and the open recommendations", async () => {
		tick();
		const report = await s.reports.generateNow(admin);
		const section = report.content.inspections!;
		// Every inspection of this file was made after the slot before 10:00 (06:00).
		expect(section.since.length).toBe(await count());
		expect(section.since[0]).toMatchObject({ boardTitle: 'Kiểm tra "4 tại chỗ" — Kim Mã', inspector: expect.any(String) });
		expect(section.since.map((i) => i.conclusion)).toContain('fail');
		// Open at the report's time: what the district list says (the race above may leave Hậu cần open or passed).
		expect(section.open.map((i) => i.id)).toEqual((await s.inspections.district(commander)).open.map((i) => i.id));
		expect(section.open.map((i) => [i.cardTitle, i.conclusion])).toEqual(
			expect.arrayContaining([
				[null, 'fail'],
				['Phương tiện tại chỗ', 'recommend']
			])
		);
		expect(section.open.map((i) => i.cardTitle)).not.toContain('Lực lượng tại chỗ');
	});

	it('with the document not loaded anywhere, the consequence is written to storage and projected', async () => {
		await collab.close();
		const id = cards['Chỉ huy tại chỗ']!;
		tick();
		await s.inspections.record(inspector, BOARD, { card: id, conclusion: 'fail', findings: 'Chưa có quyết định thành lập' });
		const doc = await stored();
		expect(columnOf(doc, id)).toBe('doing');
		await s.boards.settle();
		await wait(10);
		const open = await s.boards.liveTasks('kim-ma');
		expect(open.length).toBeGreaterThan(0);
	});
});
