/**
 * Issue 11 §6 on a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set): an entry
 * counts on the day it was made on the device, not the day it arrived; the server's window for
 * `enteredAt`; a retry of the same entry is the same request.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { auditLog, caseReports, events, quarantineMovements, stockMovements } from '../../src/lib/server/db/schema.ts';
import { ValidationError } from '../../src/lib/server/errors.ts';
import type { Principal } from '../../src/lib/domain/access.ts';
import { buildTrend } from '../../src/lib/domain/trend.ts';
import { districtTotals, wardFigures } from '../../src/lib/domain/cases.ts';
import { DEFAULT_REPORT_SCHEDULE } from '../../src/lib/domain/overdue.ts';
import { createServices, type Services } from '../../src/lib/server/services/index.ts';
import { createLocalBus } from '../../src/lib/server/realtime/bus.ts';
import { readCompanionFile, readDistrictDefinition } from '../../server/core.ts';
import { stockFile } from '../../src/lib/contracts/stock.ts';
import { facilitiesFile } from '../../src/lib/contracts/quarantine.ts';
import { checkpointsFile } from '../../src/lib/contracts/checkpoints.ts';
import { BA_DINH, DATABASE_KINDS, openTestDatabase, reportBody, type TestDatabase } from '../fixtures/db.ts';

const kimMa: Principal = { kind: 'user', id: 'km', username: 'km', name: 'Chỉ huy Kim Mã', role: 'ward_commander', wardCode: 'kim-ma' };
const district: Principal = { kind: 'user', id: 'd', username: 'd', name: 'Chỉ huy quận', role: 'district_commander', wardCode: null };

/** 23:58 on 01/08/2021 in Hanoi (UTC+7), and 00:03 the next day. */
const MADE = '2021-08-01T23:58:00+07:00';
const ARRIVES = new Date('2021-08-02T00:03:00+07:00');

describe.each(DATABASE_KINDS)('entry time on %s', (kind) => {
	let t: TestDatabase;
	let s: Services;
	let now = ARRIVES;
	beforeAll(async () => {
		t = await openTestDatabase(kind);
		s = await createServices({
			database: t.database,
			bus: createLocalBus(),
			definition: await readDistrictDefinition(BA_DINH),
			data: { stock: await readCompanionFile(BA_DINH, 'stock', stockFile), quarantine: await readCompanionFile(BA_DINH, 'quarantine', facilitiesFile), checkpoints: await readCompanionFile(BA_DINH, 'checkpoints', checkpointsFile) },
			clock: () => now
		});
	});
	afterAll(async () => {
		await t?.dispose();
	});
	beforeEach(async () => {
		now = ARRIVES;
		await t.database.db.execute(sql`truncate case_reports, events, audit_log restart identity`);
	});
	const counts = async () => ({
		reports: (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(caseReports))[0]!.n,
		quarantine: (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(quarantineMovements))[0]!.n,
		stock: (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(stockMovements))[0]!.n,
		events: (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(events))[0]!.n,
		audit: (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(auditLog))[0]!.n
	});

	it('a case report made at 23:58 that arrives at 00:03 counts in the previous day', async () => {
		const r = await s.cases.report(kimMa, 'kim-ma', reportBody({ f0NewCommunity: 3, f0NewQuarantine: 4, vaccineDoses: 900, enteredAt: MADE }), 'form', 'entry-2358-0001');
		expect(r.enteredAt).toBe('2021-08-01T16:58:00.000Z');
		expect(r.reportedAt).toBe(ARRIVES.toISOString());
		const [row] = await t.database.db.select().from(caseReports);
		expect(row!.enteredAt!.toISOString()).toBe('2021-08-01T16:58:00.000Z');
		expect(row!.reportedAt.toISOString()).toBe(ARRIVES.toISOString());

		// The trend: 7 new F0 on 01/08, nothing on 02/08.
		const recent = await s.cases.since(new Date(ARRIVES.getTime() - 3 * 86_400_000));
		const trend = buildTrend(recent, ['kim-ma'], ARRIVES, 3);
		expect(trend.days).toEqual(['2021-07-31', '2021-08-01', '2021-08-02']);
		expect(trend.wards['kim-ma']).toEqual([null, 7, null]);
		// Today's figures at 00:05 on 02/08 do not count it; at 23:59 on 01/08 they did.
		const latest = (await s.cases.latestByWard()).get('kim-ma')!;
		expect(wardFigures(latest, DEFAULT_REPORT_SCHEDULE, new Date('2021-08-02T00:05:00+07:00')).newF0Today).toBeNull();
		expect(districtTotals([{ latest }], 'three-level' as never, new Date('2021-08-02T00:05:00+07:00')).newF0Today).toBe(0);
		expect(wardFigures(latest, DEFAULT_REPORT_SCHEDULE, new Date('2021-08-01T23:59:00+07:00')).newF0Today).toBe(7);

		// The audit holds both times.
		const [audit] = await t.database.db.select().from(auditLog);
		expect(audit!.after).toMatchObject({ enteredAt: '2021-08-01T16:58:00.000Z', reportedAt: ARRIVES.toISOString() });
	});

	it('a retry of the same entry (same key, same enteredAt) replays it, even later', async () => {
		const body = reportBody({ enteredAt: MADE });
		const first = await s.cases.report(kimMa, 'kim-ma', body, 'form', 'entry-retry-00001');
		now = new Date(ARRIVES.getTime() + 60_000);
		const again = await s.cases.report(kimMa, 'kim-ma', { ...body }, 'form', 'entry-retry-00001');
		expect(again).toEqual(first);
		expect((await counts()).reports).toBe(1);
	});

	it('without enteredAt (older clients, API users) the entry counts at its arrival', async () => {
		const r = await s.cases.report(kimMa, 'kim-ma', reportBody(), 'api');
		expect(r.enteredAt).toBe(ARRIVES.toISOString());
	});

	it.each([
		['more than 5 minutes ahead', '2021-08-02T00:08:01+07:00', 'entered_in_future'],
		['more than 48 hours behind', '2021-07-31T00:02:59+07:00', 'entered_too_old'],
		['not a time', 'hôm qua', 'bad_time'],
		['a time without a zone', '2021-08-01T23:58:00', 'bad_time']
	])('refuses an enteredAt %s: field enteredAt, code %s, nothing saved', async (_what, enteredAt, code) => {
		const before = await counts();
		const refusal = (e: unknown) => e instanceof ValidationError && e.errors.length === 1 && e.errors[0]!.field === 'enteredAt' && e.errors[0]!.code === code && e.errors[0]!.messageEn.length > 0;
		await expect(s.cases.report(kimMa, 'kim-ma', reportBody({ enteredAt }), 'form')).rejects.toSatisfy(refusal);
		await expect(s.quarantine.move(district, (await s.quarantine.list(district))[0]!.code, { kind: 'admission', amount: 1, enteredAt })).rejects.toSatisfy(refusal);
		await expect(s.stock.receive(kimMa, 'kim-ma', { item: 'gao', quantity: 10, enteredAt })).rejects.toSatisfy(refusal);
		await expect(s.checkpoints.checkIn(kimMa, 'kim-ma-1', { personName: 'Đại úy Trần Văn Hùng', personKey: 'CA123456', force: 'police', enteredAt })).rejects.toSatisfy(refusal);
		expect(await counts()).toEqual(before);
	});

	it('takes the boundaries: exactly 5 minutes ahead and exactly 48 hours behind', async () => {
		await s.cases.report(kimMa, 'kim-ma', reportBody({ enteredAt: '2021-08-02T00:08:00+07:00' }), 'form');
		await s.cases.report(kimMa, 'kim-ma', reportBody({ enteredAt: '2021-07-31T00:03:00+07:00' }), 'form');
		expect((await counts()).reports).toBe(2);
	});

	it('stock issues count in the 7-day window by entry time; movements keep both times', async () => {
		const facility = (await s.quarantine.list(district)).find((f) => f.status === 'operating' || f.status === 'ready')!;
		const moved = await s.quarantine.move(district, facility.code, { kind: 'admission', amount: 1, enteredAt: MADE });
		expect(moved.code).toBe(facility.code);
		const history = await s.quarantine.history(district, facility.code, 1);
		expect(history[0]).toMatchObject({ enteredAt: '2021-08-01T16:58:00.000Z' });

		await s.stock.receive(kimMa, 'kim-ma', { item: 'gao', quantity: 100, enteredAt: MADE });
		const level = (l: Awaited<ReturnType<Services['stock']['levels']>>) => l.find((x) => x.warehouseCode === 'kim-ma' && x.itemCode === 'gao')!;
		const before = level(await s.stock.levels(kimMa, 'kim-ma')).issuedLast7Days;
		await s.stock.issue(kimMa, 'kim-ma', { item: 'gao', quantity: 10, destinationKind: 'other', destination: 'Khu phong tỏa', enteredAt: MADE });
		const moves = await s.stock.movements(kimMa, 'kim-ma', 1);
		expect(moves[0]).toMatchObject({ kind: 'issue', enteredAt: '2021-08-01T16:58:00.000Z' });
		expect(level(await s.stock.levels(kimMa, 'kim-ma')).issuedLast7Days).toBe(before + 10);
		// Eight days after it was made (but the clock says so), it has left the window.
		now = new Date(new Date(MADE).getTime() + 7 * 86_400_000 + 60_000);
		expect(level(await s.stock.levels(kimMa, 'kim-ma')).issuedLast7Days).toBe(0);
	});
});
