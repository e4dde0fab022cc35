/**
 * Social welfare (issue 14 §2) on a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is
 * set): a ward's reports add up per local day and cumulatively, cash pending is a level, issues to
 * households from stock count toward the receiving ward's aid packages by warehouse, a resend with
 * the same device key counts once, and every refusal saves and publishes nothing. The clock is fixed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, events } from '../../src/lib/server/db/schema.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../src/lib/server/errors.ts';
import type { Principal } from '../../src/lib/domain/access.ts';
import type { LiveEvent } from '../../src/lib/contracts/live.ts';
import { applyEvent } from '../../src/lib/domain/feed.ts';
import { stockFile } from '../../src/lib/contracts/stock.ts';
import { readCompanionFile } from '../../server/core.ts';
import { BA_DINH, DATABASE_KINDS, createTestServices, openTestDatabase, type TestDatabase, type TestServices } from '../fixtures/db.ts';
import { rowCounts } from '../fixtures/row-counts.ts';
import { refusal } from '../fixtures/refusal.ts';

const commander: Principal = { kind: 'user', id: 'd', username: 'd', name: 'Chỉ huy quận', role: 'district_commander', wardCode: null };
const kimMa: Principal = { kind: 'user', id: 'km', username: 'km', name: 'Chỉ huy Kim Mã', role: 'ward_commander', wardCode: 'kim-ma' };
const ngocHa: Principal = { kind: 'user', id: 'nh', username: 'nh', name: 'Chỉ huy Ngọc Hà', role: 'ward_commander', wardCode: 'ngoc-ha' };
const viewer: Principal = { kind: 'user', id: 'v', username: 'v', name: 'Xem', role: 'viewer', wardCode: null };

describe.each(DATABASE_KINDS)('social welfare on %s', (kind) => {
	let t: TestDatabase;
	let s: TestServices['services'];
	let published: LiveEvent[];
	// 10:00 in Hanoi on 22/11/2026; the tests move it forward.
	let now = new Date('2026-11-22T03:00:00.000Z');
	const at = (iso: string) => (now = new Date(iso));

	beforeAll(async () => {
		t = await openTestDatabase(kind);
		const ts = await createTestServices(t.database, BA_DINH, { clock: () => now, data: { stock: await readCompanionFile(BA_DINH, 'stock', stockFile) } });
		s = ts.services;
		published = ts.published;
	});
	afterAll(async () => {
		await t?.dispose();
	});
	beforeEach(() => {
		published.length = 0;
	});

	it('reports add up per local day and cumulatively; cash pending is the latest level; audited and live', async () => {
		const before = await s.live.snapshot(commander);
		// Yesterday evening (21/11, 20:00 Hanoi), made offline and sent this morning: it counts on the 21st.
		await s.welfare.report(kimMa, 'kim-ma', { householdsSupported: 10, peopleSupported: 32, cashPending: 40, enteredAt: '2026-11-21T13:00:00.000Z' });
		// Two field teams today.
		await s.welfare.report(kimMa, 'kim-ma', { householdsSupported: 4, peopleSupported: 11, aidPackages: 20, cashPaid: 15, cashPending: 25 });
		at('2026-11-22T04:00:00.000Z');
		const r = await s.welfare.report(kimMa, 'kim-ma', { householdsSupported: 3, shelterTakenIn: 2 });
		expect(r.report).toMatchObject({ wardCode: 'kim-ma', day: '2026-11-22', householdsSupported: 3, shelterTakenIn: 2, reportedBy: 'Chỉ huy Kim Mã' });
		expect(r.report).not.toHaveProperty('cashPending');
		await s.welfare.report(commander, 'ngoc-ha', { peopleSupported: 5, cashPending: 3 });

		const w = await s.welfare.welfare(commander);
		const km = w.wards.find((x) => x.wardCode === 'kim-ma')!;
		expect(km.today).toEqual({ householdsSupported: 7, peopleSupported: 11, aidPackages: 20, aidFromStock: 0, cashPending: 25, cashPaid: 15, shelterTakenIn: 2 });
		expect(km.total).toEqual({ householdsSupported: 17, peopleSupported: 43, aidPackages: 20, aidFromStock: 0, cashPending: 25, cashPaid: 15, shelterTakenIn: 2 });
		expect(w.wards).toHaveLength(14);
		expect(w.district.total).toMatchObject({ householdsSupported: 17, peopleSupported: 48, cashPending: 28 });
		// A ward reader sees its ward alone.
		expect((await s.welfare.welfare(kimMa)).wards.map((x) => x.wardCode)).toEqual(['kim-ma']);

		expect(published.map((e) => e.type)).toEqual(['welfare:reported', 'welfare:reported', 'welfare:reported', 'welfare:reported']);
		const applied = published.reduce(applyEvent, before);
		expect(applied.welfare).toEqual((await s.live.snapshot(commander)).welfare);
		const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entity, 'welfare_report'));
		expect(audit.map((a) => [a.action, a.wardCode])).toEqual([
			['welfare_report.create', 'kim-ma'],
			['welfare_report.create', 'kim-ma'],
			['welfare_report.create', 'kim-ma'],
			['welfare_report.create', 'ngoc-ha']
		]);
	});

	it('issues to households from stock count toward the receiving ward’s aid packages, by warehouse, once', async () => {
		const base = (await s.welfare.welfare(commander)).wards.find((x) => x.wardCode === 'kim-ma')!;
		const snap = await s.live.snapshot(commander);
		// The ward's own warehouse: counts for the ward without naming it — its packages, not its kilograms.
		await s.stock.issue(kimMa, 'kim-ma', { item: 'gao', quantity: 900, destinationKind: 'households', destination: 'Tổ dân phố 5', packages: 90 });
		// The district's, named to Kim Mã; and one named to no ward.
		await s.stock.issue(commander, 'kho-quan', { item: 'mi-tom', quantity: 12, destinationKind: 'households', destination: 'Hộ khó khăn', destinationWard: 'kim-ma', packages: 12 });
		await s.stock.issue(commander, 'kho-quan', { item: 'mi-tom', quantity: 8, destinationKind: 'households', destination: 'Người lao động tự do', packages: 8 });
		// To households without a number of packages: 0 packages, no warehouse row (the goods left stock all the same).
		await s.stock.issue(commander, 'kho-quan', { item: 'gao', quantity: 400, destinationKind: 'households', destination: 'Tổ dân phố 1', destinationWard: 'doi-can' });
		// Not to households: not aid.
		await s.stock.issue(kimMa, 'kim-ma', { item: 'gao', quantity: 5, destinationKind: 'checkpoint', destination: 'Chốt Kim Mã' });

		const w = await s.welfare.welfare(commander);
		const km = w.wards.find((x) => x.wardCode === 'kim-ma')!;
		expect(km.today.aidPackages).toBe(base.today.aidPackages + 102);
		expect(km.today.aidFromStock).toBe(102);
		expect(km.warehouses).toEqual([
			{ warehouseCode: 'kim-ma', warehouseName: 'Kho phường Kim Mã', today: 90, total: 90 },
			{ warehouseCode: 'kho-quan', warehouseName: 'Kho tích trữ hàng hóa thiết yếu quận Ba Đình', today: 12, total: 12 }
		]);
		const dc = w.wards.find((x) => x.wardCode === 'doi-can')!;
		expect(dc.total).toMatchObject({ aidPackages: 0, aidFromStock: 0 });
		expect(dc.warehouses).toEqual([]);
		const none = w.wards.find((x) => x.wardCode === null)!;
		expect(none.total).toMatchObject({ aidPackages: 8, aidFromStock: 8 });
		expect(w.district.total.aidFromStock).toBe(110);
		expect(w.district.warehouses).toEqual([
			{ warehouseCode: 'kim-ma', warehouseName: 'Kho phường Kim Mã', today: 90, total: 90 },
			{ warehouseCode: 'kho-quan', warehouseName: 'Kho tích trữ hàng hóa thiết yếu quận Ba Đình', today: 20, total: 20 }
		]);
		// Live: each issue to households carries the ward's new welfare; the wall ends as a fresh snapshot.
		expect(published.filter((e) => e.type === 'welfare:reported').map((e) => e.wardCode)).toEqual(['kim-ma', 'kim-ma', null, 'doi-can']);
		expect(published.reduce(applyEvent, snap).welfare).toEqual((await s.live.snapshot(commander)).welfare);
		// A ward reader's snapshot has no unattributed row.
		expect((await s.live.snapshot(kimMa)).welfare!.map((x) => x.wardCode)).toEqual(['kim-ma']);
	});

	it('a resend with the same device key counts once; the key with other figures is refused', async () => {
		const key = '3f0d3a4e-7b1c-4c41-9a55-1c1b7d8e2a10';
		const first = await s.welfare.report(kimMa, 'kim-ma', { peopleSupported: 100 }, key);
		const again = await s.welfare.report(kimMa, 'kim-ma', { peopleSupported: 100 }, key);
		expect(again.report.id).toBe(first.report.id);
		expect(published.filter((e) => e.type === 'welfare:reported')).toHaveLength(1);
		expect((await refusal(s.welfare.report(kimMa, 'kim-ma', { peopleSupported: 101 }, key))).name).toBe('IdempotencyKeyReusedError');
		const km = (await s.welfare.welfare(kimMa)).wards[0]!;
		expect(km.today.peopleSupported).toBe(111);
	});

	it('refuses, saving and publishing nothing: another ward, a viewer, bad figures, an unknown ward', async () => {
		const counts = await rowCounts(t.database);
		const seq = (await t.database.db.select().from(events)).length;
		expect(await refusal(s.welfare.report(ngocHa, 'kim-ma', { peopleSupported: 1 }))).toMatchObject({ name: ForbiddenError.name });
		// 403 whatever the body: a stranger learns nothing of the body's verdict.
		expect(await refusal(s.welfare.report(ngocHa, 'kim-ma', { peopleSupported: -1 }))).toMatchObject({ name: ForbiddenError.name });
		expect(await refusal(s.welfare.report(viewer, 'kim-ma', { peopleSupported: 1 }))).toMatchObject({ name: ForbiddenError.name });
		expect((await refusal(s.welfare.report(kimMa, 'khong-co', { peopleSupported: 1 }))).name).toBe(NotFoundError.name);
		const bad = async (body: unknown) => {
			const r = await refusal(s.welfare.report(kimMa, 'kim-ma', body));
			expect(r.name).toBe(ValidationError.name);
			return r.fields;
		};
		expect(await bad({ householdsSupported: -1 })).toEqual(['householdsSupported:negative']);
		expect(await bad({ peopleSupported: 1.5 })).toEqual(['peopleSupported:not_integer']);
		expect(await bad({ aidPackages: 10_000_001 })).toEqual(['aidPackages:too_large']);
		expect(await bad({ cashPaid: 2, gifts: 1 })).toEqual(['gifts:unknown_field']);
		expect(await bad({})).toEqual([':nothing_reported']);
		expect(await bad({ shelterTakenIn: 1, enteredAt: '2026-11-19T00:00:00.000Z' })).toEqual(['enteredAt:entered_too_old']);
		// An issue naming a ward the district does not have, or naming one for a checkpoint.
		expect((await refusal(s.stock.issue(commander, 'kho-quan', { item: 'gao', quantity: 1, destinationKind: 'households', destination: 'x', destinationWard: 'khong-co' }))).fields).toEqual([
			'destinationWard:unknown_ward'
		]);
		expect((await refusal(s.stock.issue(commander, 'kho-quan', { item: 'gao', quantity: 1, destinationKind: 'checkpoint', destination: 'x', destinationWard: 'kim-ma' }))).fields).toEqual([
			'destinationWard:households_only'
		]);
		expect(await rowCounts(t.database)).toEqual(counts);
		expect((await t.database.db.select().from(events)).length).toBe(seq);
		expect(published).toEqual([]);
	});

	it('the situation report has the welfare of the district and of each ward, today and to date, in its figures', async () => {
		const r = await s.reports.generateNow(commander);
		const w = r.content.welfare!;
		expect(w.wards.find((x) => x.wardCode === 'kim-ma')!.today.householdsSupported).toBe(7);
		const fig = (key: string) => r.content.figures.find((f) => f.key === key);
		expect(fig('welfare:kim-ma:householdsSupported:today')).toMatchObject({ section: 'welfare', subject: 'Kim Mã', value: 7 });
		expect(fig('welfare:kim-ma:householdsSupported:total')).toMatchObject({ value: 17, label: { vi: 'Hộ được hỗ trợ (lũy kế)' } });
		expect(fig('welfare:kim-ma:cashPending')).toMatchObject({ value: 25 });
		expect(fig('welfare:district:aidFromStock:today')).toMatchObject({ value: 110 });
		expect(fig('welfare:district:cashPending')).toMatchObject({ value: 28 });
	});

	it('past midnight today starts empty; the cumulative figures and the cash pending level stand', async () => {
		const beforeMidnight = (await s.welfare.welfare(commander)).district.total;
		at('2026-11-22T17:05:00.000Z'); // 00:05 on 23/11 in Hanoi
		const w = await s.welfare.welfare(commander);
		expect(w.day).toBe('2026-11-23');
		expect(w.district.today).toMatchObject({ householdsSupported: 0, peopleSupported: 0, aidPackages: 0, cashPending: null });
		expect(w.district.total).toEqual(beforeMidnight);
		// As of a past instant (the situation report): what was known then.
		const then = await s.welfare.welfare(commander, new Date('2026-11-22T03:30:00.000Z'));
		expect(then.wards.find((x) => x.wardCode === 'kim-ma')!.total.householdsSupported).toBe(14);
		expect(then.wards.find((x) => x.wardCode === 'ngoc-ha')!.total.peopleSupported).toBe(0);
	});
});
