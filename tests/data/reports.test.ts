/**
 * Situation reports on a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set):
 * figures as of the slot (not as of generation) for a late report, exactly once per slot,
 * corrections as revisions, sent once, access.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { auditLog, caseReports, quarantineMovements, situationReports, stockMovements } from '../../src/lib/server/db/schema.ts';
import { ForbiddenError, ValidationError } from '../../src/lib/server/errors.ts';
import type { Principal } from '../../src/lib/domain/access.ts';
import { createServices, type Services } from '../../src/lib/server/services/index.ts';
import { createLocalBus } from '../../src/lib/server/realtime/bus.ts';
import { readCompanionFile, readDistrictDefinition } from '../../server/core.ts';
import { facilitiesFile } from '../../src/lib/contracts/quarantine.ts';
import { stockFile } from '../../src/lib/contracts/stock.ts';
import { checkpointsFile } from '../../src/lib/contracts/checkpoints.ts';
import type { ReportView } from '../../src/lib/contracts/reports.ts';
import { BA_DINH, DATABASE_KINDS, openTestDatabase, reportBody, type TestDatabase } from '../fixtures/db.ts';

const commander: Principal = { kind: 'user', id: 'd', username: 'd', name: 'Chỉ huy quận', role: 'district_commander', wardCode: null };
const viewer: Principal = { kind: 'user', id: 'v', username: 'v', name: 'Xem', role: 'viewer', wardCode: null };
const kimMa: Principal = { kind: 'user', id: 'km', username: 'km', name: 'Chỉ huy Kim Mã', role: 'ward_commander', wardCode: 'kim-ma' };
const kiosk: Principal = { kind: 'kiosk', id: 'k', name: 'TV' };

const hanoi = (iso: string) => new Date(`${iso}+07:00`);
const fig = (r: ReportView, key: string) => r.content.figures.find((f) => f.key === key);

describe.each(DATABASE_KINDS)('situation reports on %s', (kind) => {
	let t: TestDatabase;
	let s: Services;
	let now = hanoi('2021-09-01T18:00:00');
	beforeAll(async () => {
		t = await openTestDatabase(kind);
		s = await createServices({
			database: t.database,
			bus: createLocalBus(),
			definition: await readDistrictDefinition(BA_DINH),
			data: {
				quarantine: await readCompanionFile(BA_DINH, 'quarantine', facilitiesFile),
				stock: await readCompanionFile(BA_DINH, 'stock', stockFile),
				checkpoints: await readCompanionFile(BA_DINH, 'checkpoints', checkpointsFile)
			},
			clock: () => now
		});
		// Everything the seed wrote happened "before" the story starts.
		await t.database.db.update(quarantineMovements).set({ at: hanoi('2021-08-01T08:00:00') });
		await t.database.db.update(stockMovements).set({ at: hanoi('2021-08-01T08:00:00') });
	});
	afterAll(async () => {
		await t?.dispose();
	});

	/** A case report at a given local time (the service stamps "now"; the test moves it). */
	// An entry made and received at `at`: both times are back-dated (the day counts by entry time).
	async function reportAt(ward: string, at: Date, over: Record<string, unknown>) {
		const r = await s.cases.report(commander, ward, reportBody(over), 'api');
		await t.database.db.update(caseReports).set({ reportedAt: at, enteredAt: at }).where(eq(caseReports.id, r.id));
	}
	async function stampLast(table: typeof quarantineMovements | typeof stockMovements, at: Date) {
		await t.database.db.execute(sql`update ${table} set at = ${at.toISOString()}::timestamptz, entered_at = ${at.toISOString()}::timestamptz where id = (select max(id) from ${table})`);
	}

	it('a new installation reports nothing for the past: no catch-up without an earlier report', async () => {
		expect(await s.reports.catchUp()).toEqual([]);
	});

	it('the 18:00 report is generated at its slot, on time, with the figures then', async () => {
		await reportAt('kim-ma', hanoi('2021-09-01T17:00:00'), { f0Active: 8, f0NewCommunity: 1, f0NewQuarantine: 2 });
		now = hanoi('2021-09-01T18:00:01');
		const { report, created } = await s.reports.generateForSlot(hanoi('2021-09-01T18:00:00'));
		expect(created).toBe(true);
		expect(report).toMatchObject({ kind: 'scheduled', late: false, revision: 0, slotAt: hanoi('2021-09-01T18:00:00').toISOString() });
		expect(fig(report, 'ward:kim-ma:f0Active')).toMatchObject({ value: 8, previous: null, change: null });
		expect(report.content.wards).toHaveLength(14);
	});

	it('a server down over 06:00 makes that report at start, late, from the data as it stood at 06:00', async () => {
		// Before 06:00 on the 2nd: a report, an admission, an issue.
		await reportAt('kim-ma', hanoi('2021-09-02T05:00:00'), { f0Active: 10, f0NewCommunity: 2, f0NewQuarantine: 1 });
		const occupiedBefore = (await s.quarantine.list(commander)).find((f) => f.code === 'quan-ngua')!.occupied;
		await s.quarantine.move(commander, 'quan-ngua', { kind: 'admission', amount: 5 });
		await stampLast(quarantineMovements, hanoi('2021-09-02T05:30:00'));
		const onHandBefore = (await s.stock.levels(commander)).find((l) => l.warehouseCode === 'kho-quan' && l.itemCode === 'gao')!.onHand;
		await s.stock.issue(commander, 'kho-quan', { item: 'gao', quantity: 100, destinationKind: 'households', destination: 'Tổ dân phố 5' });
		await stampLast(stockMovements, hanoi('2021-09-02T05:45:00'));
		// After 06:00, while the server was "down": more of everything.
		await reportAt('kim-ma', hanoi('2021-09-02T07:00:00'), { f0Active: 20 });
		await s.quarantine.move(commander, 'quan-ngua', { kind: 'admission', amount: 7 });
		await stampLast(quarantineMovements, hanoi('2021-09-02T08:00:00'));
		await s.stock.receive(commander, 'kho-quan', { item: 'gao', quantity: 1000, supplier: 'Siêu thị' });
		await stampLast(stockMovements, hanoi('2021-09-02T08:10:00'));

		now = hanoi('2021-09-02T09:00:00');
		const made = await s.reports.catchUp();
		expect(made.map((r) => r.slotAt)).toEqual([hanoi('2021-09-02T06:00:00').toISOString()]);
		const r = made[0]!;
		expect(r.late).toBe(true);
		expect(fig(r, 'ward:kim-ma:f0Active')).toMatchObject({ value: 10, previous: 8, change: 2 });
		expect(fig(r, 'ward:kim-ma:f0NewCommunity')!.value).toBe(2);
		expect(fig(r, 'facility:quan-ngua:occupied')!.value).toBe(occupiedBefore + 5);
		expect(fig(r, 'stock:kho-quan:gao:onHand')!.value).toBe(onHandBefore - 100);
		// Which wards had not reported since the previous slot (18:00 on the 1st): all but Kim Mã.
		expect(r.content.wards.filter((w) => !w.reportedSincePrevious).map((w) => w.code)).toHaveLength(13);
		expect(r.content.wards.find((w) => w.code === 'kim-ma')!.reportedSincePrevious).toBe(true);
		expect(fig(r, 'district:wardsNotReportedSincePrevious')!.value).toBe(13);
		expect(r.content.tasks.asAt).toBe('generation');
		// Started again: nothing to catch up.
		expect(await s.reports.catchUp()).toEqual([]);
	});

	it('two generations of the same slot racing make one report', async () => {
		const slot = hanoi('2021-09-02T12:00:00');
		now = hanoi('2021-09-02T12:00:00.200');
		const [a, b] = await Promise.all([s.reports.generateForSlot(slot), s.reports.generateForSlot(slot)]);
		expect([a.created, b.created].sort()).toEqual([false, true]);
		expect(a.report.id).toBe(b.report.id);
		const rows = await t.database.db.select().from(situationReports).where(eq(situationReports.slotAt, slot));
		expect(rows).toHaveLength(1);
		// and the database itself refuses a second original for the slot
		await expect(
			t.database.db.insert(situationReports).values({ kind: 'scheduled', slotAt: slot, asOf: slot, generatedBy: 'x', content: {} })
		).rejects.toThrow();
	});

	it('a correction is a new revision naming the original, who and why; a bad one is refused and saves nothing', async () => {
		const list = await s.reports.list(commander, { from: '2021-09-02', to: '2021-09-02' });
		const original = list.find((r) => r.slotAt === hanoi('2021-09-02T06:00:00').toISOString())!;
		const count = async () => (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(situationReports))[0]!.n;
		const before = await count();
		const refused = async (body: unknown) => {
			try {
				await s.reports.correct(commander, original.id, body);
			} catch (e) {
				if (e instanceof ValidationError) return e.errors.map((x) => `${x.field}:${x.code}`);
				throw e;
			}
			return 'saved';
		};
		expect(await refused({ wards: { 'kim-ma': { f0Active: 11 } } })).toEqual(['reason:required']);
		expect(await refused({ reason: 'x', wards: { 'kim-ma': { f0Active: -1 } } })).toEqual(['wards.kim-ma.f0Active:negative']);
		expect(await refused({ reason: 'x', wards: { atlantis: { f0Active: 1 } } })).toEqual(['wards.atlantis:unknown_ward']);
		expect(await refused({ reason: 'x', wards: { 'kim-ma': { positives: 999999 } } })).toEqual(['wards.kim-ma.positives:positives_exceed_samples']);
		expect(await refused({ reason: 'x', wards: { 'ngoc-ha': { f0Active: 1 } } })).toEqual(['wards.ngoc-ha:invalid']);
		// the same figure as it already is: a revision that changes nothing is refused
		expect(await refused({ reason: 'x', wards: { 'kim-ma': { f0Active: 10 } } })).toEqual(['wards:invalid']);
		expect(await count()).toBe(before);
		await expect(s.reports.correct(kimMa, original.id, { reason: 'x', wards: { 'kim-ma': { f0Active: 11 } } })).rejects.toBeInstanceOf(ForbiddenError);

		const rev = await s.reports.correct(commander, original.id, { reason: 'Phường Kim Mã báo lại: 11 F0', wards: { 'kim-ma': { f0Active: 11 } } });
		expect(rev).toMatchObject({ revision: 1, revises: original.id, reason: 'Phường Kim Mã báo lại: 11 F0', generatedBy: 'Chỉ huy quận', late: true });
		expect(fig(rev, 'ward:kim-ma:f0Active')).toMatchObject({ value: 11, previous: 8, change: 3 });
		expect(rev.content.corrected).toEqual({ 'ward:kim-ma:f0Active': 10 });
		expect(fig(rev, 'district:f0Active')!.value).toBe(fig((await s.reports.get(commander, original.id))!, 'district:f0Active')!.value! + 1);
		// the original is as it was, and knows a newer revision exists
		const again = (await s.reports.get(commander, original.id))!;
		expect(fig(again, 'ward:kim-ma:f0Active')!.value).toBe(10);
		expect(again.latestRevision).toBe(1);
		expect(again.latestId).toBe(rev.id);
		// correcting the original again builds on the newest revision
		const rev2 = await s.reports.correct(commander, original.id, { reason: 'Sửa F1', wards: { 'kim-ma': { f1Quarantined: 170 } } });
		expect(rev2.revision).toBe(2);
		expect(fig(rev2, 'ward:kim-ma:f0Active')!.value).toBe(11);
		const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'report.correct'));
		expect(audit).toHaveLength(2);
		// the next report is compared with the newest revision
		now = hanoi('2021-09-02T18:00:00');
		const evening = (await s.reports.generateForSlot(hanoi('2021-09-02T18:00:00'))).report;
		expect(evening.content.previous!.asOf).toBe(hanoi('2021-09-02T12:00:00').toISOString());
	});

	it('marked as sent once, by a manager; the first mark stays', async () => {
		const [r] = await s.reports.list(commander, {});
		now = hanoi('2021-09-02T18:07:00');
		const sent = await s.reports.markSent(commander, r!.id);
		expect(sent).toMatchObject({ sentBy: 'Chỉ huy quận', sentAt: hanoi('2021-09-02T18:07:00').toISOString() });
		now = hanoi('2021-09-02T19:00:00');
		expect((await s.reports.markSent(commander, r!.id)).sentAt).toBe(sent.sentAt);
		await expect(s.reports.markSent(viewer, r!.id)).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('who may read: district readers yes, ward people and walls no; a bad date filter names the field', async () => {
		expect((await s.reports.list(viewer, {})).length).toBeGreaterThan(0);
		await expect(s.reports.list(kimMa, {})).rejects.toBeInstanceOf(ForbiddenError);
		await expect(s.reports.list(kiosk, {})).rejects.toBeInstanceOf(ForbiddenError);
		await expect(s.reports.list(viewer, { from: '02/09/2021' })).rejects.toSatisfy((e: unknown) => e instanceof ValidationError && e.errors[0]!.field === 'from');
		await expect(s.reports.generateNow(viewer)).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('history: one point per slot (its newest revision), oldest first', async () => {
		const series = await s.reports.series(viewer, { from: '2021-09-01', to: '2021-09-02' });
		expect(series.map((p) => p.asOf)).toEqual(
			['2021-09-01T18:00:00', '2021-09-02T06:00:00', '2021-09-02T12:00:00', '2021-09-02T18:00:00'].map((x) => hanoi(x).toISOString())
		);
		expect(series[1]!.figures['ward:kim-ma:f0Active']).toBe(11);
		expect(series[1]!.late).toBe(true);
	});

	it('a report made on demand describes now', async () => {
		now = hanoi('2021-09-02T20:15:00');
		const r = await s.reports.generateNow(commander);
		expect(r).toMatchObject({ kind: 'manual', slotAt: null, asOf: now.toISOString(), generatedBy: 'Chỉ huy quận' });
		expect(fig(r, 'ward:kim-ma:f0Active')!.value).toBe(20);
	});
});
