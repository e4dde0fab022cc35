/**
 * The back-fill (`npm run simulate -- --backfill`, server/backfill.ts) on a real database (PGlite,
 * and PostgreSQL when TEST_DATABASE_URL is set): two days written into a fresh schema through the
 * services with a simulated clock — case reports spanning the days with day figures that reset at
 * local midnight, zone changes, a blockade with its rounds, the F1 flow (admissions naming F1 or F0
 * and the ward, the traced F1 moved within the day), the past situation reports — all dated in the
 * past; and a second run writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, max, min } from 'drizzle-orm';
import { backfill, createSimClock, parseBackfillPeriod, type BackfillResult } from '../../server/backfill.ts';
import { readCompanionFile, readDistrictDefinition } from '../../server/core.ts';
import { facilitiesFile } from '../../src/lib/contracts/quarantine.ts';
import { stockFile } from '../../src/lib/contracts/stock.ts';
import { checkpointsFile } from '../../src/lib/contracts/checkpoints.ts';
import { blockades, caseReports, dutyRecords, quarantineMovements, stockMovements, zoneChanges } from '../../src/lib/server/db/schema.ts';
import { createLocalBus } from '../../src/lib/server/realtime/bus.ts';
import { createServices, type Services } from '../../src/lib/server/services/index.ts';
import { DAY_FIELDS } from '../../src/lib/domain/cases.ts';
import { SIMULATED } from '../../src/lib/domain/simulation.ts';
import { flowOf } from '../../src/lib/domain/f1-flow.ts';
import { PERSON_KINDS } from '../../src/lib/domain/quarantine.ts';
import { dayKey, startOfLocalDay } from '../../src/lib/domain/time.ts';
import type { Principal } from '../../src/lib/domain/access.ts';
import { BA_DINH, DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../fixtures/db.ts';
import { rowCounts } from '../fixtures/row-counts.ts';

const admin: Principal = { kind: 'user', id: 'a', username: 'admin', name: 'Quản trị', role: 'admin', wardCode: null };
const DAYS = 2;

describe('the back-fill period', () => {
	it('takes days or hours, 1 h to 90 d, and refuses anything else', () => {
		expect(parseBackfillPeriod('14d')).toBe(14 * 1440);
		expect(parseBackfillPeriod('36h')).toBe(36 * 60);
		for (const bad of ['', '14', '2w', '0h', '91d', '-3d', '1.5d']) expect(parseBackfillPeriod(bad)).toBeNull();
	});
});

describe.each(DATABASE_KINDS)('back-fill on %s', (kind) => {
	let t: TestDatabase;
	let services: Services;
	let first: BackfillResult;
	// A fixed hour of the day (10:00 in Hanoi, today): the seeded run then takes the same path whenever
	// the suite runs, so what it opens (blockades, rounds) does not depend on the time of day.
	const now = new Date(startOfLocalDay(dayKey(new Date())).getTime() + 10 * 3_600_000);
	const start = new Date(now.getTime() - DAYS * 86_400_000);

	beforeAll(async () => {
		t = await openTestDatabase(kind);
		// A new installation's first start, with the district's companion files, as server/core.ts builds it.
		const clock = createSimClock(start);
		services = await createServices({
			database: t.database,
			bus: createLocalBus((err) => {
				throw err;
			}),
			definition: await readDistrictDefinition(BA_DINH),
			data: {
				quarantine: await readCompanionFile(BA_DINH, 'quarantine', facilitiesFile),
				stock: await readCompanionFile(BA_DINH, 'stock', stockFile),
				checkpoints: await readCompanionFile(BA_DINH, 'checkpoints', checkpointsFile)
			},
			clock: clock.now
		});
		first = await backfill(services, clock, { minutes: DAYS * 1440, seed: 3, now, checkpointDays: 1 });
	}, 600_000);
	afterAll(async () => {
		await t?.dispose();
	});

	it('writes the period before now, every entry accepted', () => {
		expect(first.from?.getTime()).toBe(start.getTime());
		expect(first.to?.getTime()).toBe(now.getTime());
		expect(first.refused).toBe(0);
		expect(first.written.caseReports).toBeGreaterThan(14 * DAYS * 30);
		expect(first.written.bedMovements).toBeGreaterThan(0);
		expect(first.written.stockMovements).toBeGreaterThan(0);
		expect(first.written.checkIns).toBeGreaterThan(0);
		expect(first.written.checkOuts).toBeGreaterThan(0);
	});

	it('case reports span the days, in the past, by the system principal, noted as simulated', async () => {
		const db = t.database.db;
		const [span] = await db.select({ lo: min(caseReports.reportedAt), hi: max(caseReports.reportedAt) }).from(caseReports);
		expect(new Date(span!.lo!).getTime()).toBe(start.getTime());
		expect(new Date(span!.hi!).getTime()).toBeLessThan(now.getTime());
		const rows = await db.select().from(caseReports).orderBy(asc(caseReports.reportedAt), asc(caseReports.id));
		expect(rows.every((r) => r.note === SIMULATED.note && r.source === 'system' && r.actorKind === 'system')).toBe(true);
		expect(rows.every((r) => r.enteredAt!.getTime() === r.reportedAt.getTime())).toBe(true);
		expect(new Set(rows.map((r) => dayKey(r.reportedAt))).size).toBeGreaterThanOrEqual(DAYS + 1);
		// Day figures grow through a day and start again after local midnight.
		let resets = 0;
		for (const ward of services.district.wards) {
			const mine = rows.filter((r) => r.wardCode === ward.code);
			expect(new Set(mine.map((r) => dayKey(r.reportedAt))).size).toBeGreaterThanOrEqual(DAYS);
			for (let i = 1; i < mine.length; i++) {
				const [a, b] = [mine[i - 1]!, mine[i]!];
				if (dayKey(a.reportedAt) === dayKey(b.reportedAt)) for (const f of DAY_FIELDS) expect(b[f]).toBeGreaterThanOrEqual(a[f]);
				else if (b.samplesTested < a.samplesTested) resets++;
			}
		}
		expect(resets).toBeGreaterThanOrEqual(services.district.wards.length);
		expect(rows.some((r) => r.vaccineDoses > 0) && rows.some((r) => r.positives > 0)).toBe(true);
	});

	it('the zone history has every ward’s first zone and some changes, in the past', async () => {
		const changes = await t.database.db.select().from(zoneChanges).where(eq(zoneChanges.subject, 'ward'));
		expect(new Set(changes.filter((c) => c.fromZone === null).map((c) => c.subjectKey)).size).toBe(14);
		expect(changes.filter((c) => c.fromZone !== null).length).toBeGreaterThan(0);
		expect(changes.every((c) => c.at.getTime() >= start.getTime() && c.at.getTime() < now.getTime())).toBe(true);
		const since = await services.zones.sinceByWard();
		const latest = await services.cases.latestByWard();
		for (const c of changes.filter((x) => x.fromZone !== null)) {
			const history = await services.zones.history(admin, c.wardCode);
			expect(history.map((h) => h.at)).toContain(c.at.toISOString());
		}
		// The tile's "since": the ward's newest change is the one into its present zone.
		for (const [code, { at, from }] of since) {
			const newest = changes.filter((c) => c.subjectKey === code).sort((a, b) => b.at.getTime() - a.at.getTime())[0]!;
			expect(at).toBe(newest.at.toISOString());
			expect(from).toBe(newest.fromZone);
			expect(newest.toZone).toBe(latest.get(code)!.zone);
		}
	});

	it('blockades open in the past and are tested in rounds', async () => {
		const all = await services.blockades.list(admin, { includeLifted: true });
		expect(all.length).toBeGreaterThan(0);
		expect(all.every((b) => new Date(b.startedAt).getTime() >= start.getTime())).toBe(true);
		const tested = all.filter((b) => b.rounds.length > 0);
		expect(tested.length).toBeGreaterThan(0);
		for (const b of tested) {
			expect(b.rounds.map((r) => r.round)).toEqual(b.rounds.map((_, i) => i + 1));
			for (const r of b.rounds) {
				expect(r.date >= dayKey(new Date(b.startedAt))).toBe(true);
				expect(new Date(r.recordedAt).getTime()).toBeLessThan(now.getTime());
			}
		}
		const [row] = await t.database.db.select({ n: min(blockades.createdAt) }).from(blockades);
		expect(new Date(row!.n!).getTime()).toBeLessThan(now.getTime());
	});

	it('beds, stock and duties carry the simulated times', async () => {
		const db = t.database.db;
		const moves = await db.select().from(quarantineMovements).where(eq(quarantineMovements.note, SIMULATED.movementNote));
		expect(moves.length).toBe(first.written.bedMovements);
		expect(moves.every((m) => m.at.getTime() >= start.getTime() && m.at.getTime() < now.getTime())).toBe(true);
		expect(Math.min(...moves.map((m) => m.at.getTime()))).toBeLessThan(now.getTime() - 86_400_000);
		const stock = await db.select().from(stockMovements).where(eq(stockMovements.counterparty, SIMULATED.supplier));
		expect(Math.min(...stock.map((m) => m.at.getTime()))).toBeLessThan(now.getTime() - 86_400_000);
		const duties = await db.select().from(dutyRecords);
		expect(duties.every((d) => d.checkedInAt.getTime() < now.getTime())).toBe(true);
		expect(duties.some((d) => d.checkedOutAt !== null && d.checkedOutAt.getTime() > d.checkedInAt.getTime())).toBe(true);
		// No past reading of the ledger goes below zero.
		for (const r of await services.reports.list(admin)) {
			const levels = await services.stock.levels(admin, undefined, t.database.db, new Date(r.asOf));
			expect(levels.every((l) => l.onHand >= 0)).toBe(true);
		}
	});

	it('admissions and discharges say who moved and from which ward; the traced F1 are moved, within the beds', async () => {
		const moves = await t.database.db.select().from(quarantineMovements).where(eq(quarantineMovements.note, SIMULATED.movementNote));
		const wardCodes = services.district.wards.map((w) => w.code);
		const admissions = moves.filter((m) => m.kind === 'admission');
		expect(admissions.length).toBeGreaterThan(14);
		expect(moves.filter((m) => m.kind === 'discharge').length).toBeGreaterThan(0);
		for (const m of moves) {
			expect(PERSON_KINDS).toContain(m.personKind);
			expect(wardCodes).toContain(m.originWardCode);
			expect(m.occupiedAfter).toBeLessThanOrEqual(m.capacityAfter);
		}
		// Ba Đình's demo sites all receive F1 (none treats F0): every admission is an F1, from most wards.
		expect(admissions.every((m) => m.personKind === 'f1')).toBe(true);
		expect(new Set(admissions.map((m) => m.originWardCode)).size).toBeGreaterThan(7);
		// The F1 flow as the wall counts it at the end: far fewer waiting than were traced the last full day.
		const trend = await services.progress.trendAt(t.database.db, wardCodes, now);
		const flow = flowOf(trend, wardCodes, now);
		const yesterday = trend.days.length - 2;
		const tracedYesterday = wardCodes.reduce((a, c) => a + (trend.series.f1Traced[c]?.[yesterday] ?? 0), 0);
		const movedYesterday = wardCodes.reduce((a, c) => a + (trend.flow.f1Moved[c]?.[yesterday] ?? 0), 0);
		expect(tracedYesterday).toBeGreaterThan(0);
		expect(flow.district.waiting).toBeLessThan(tracedYesterday);
		expect(movedYesterday).toBeGreaterThan(tracedYesterday / 2);
	});

	it('the past slots’ situation reports exist, on time: /reports/history has points', async () => {
		const points = await services.reports.series(admin);
		expect(points.length).toBe(first.written.situationReports);
		expect(points.length).toBeGreaterThanOrEqual(DAYS * 3 - 1);
		expect(points.every((p) => !p.late && new Date(p.asOf).getTime() < now.getTime())).toBe(true);
		expect(points.at(-1)!.figures).toBeTruthy();
	});

	it('a second run writes nothing: the past before the first one’s is outside the period', async () => {
		const before = await rowCounts(t.database);
		const again = await backfill(services, createSimClock(), { minutes: DAYS * 1440, seed: 3, now: new Date(now.getTime() + 5 * 60_000) });
		expect(again.from).toBeNull();
		expect(again.reason).toMatch(/already holds data/);
		expect(Object.values(again.written).every((n) => n === 0)).toBe(true);
		expect(await rowCounts(t.database)).toEqual(before);
	});
});

describe.each(DATABASE_KINDS)('back-fill before data already stored, on %s', (kind) => {
	let t: TestDatabase;
	afterAll(async () => {
		await t?.dispose();
	});

	it('writes only the past before the first report, each ward’s zone chain whole, the live report still the latest', async () => {
		t = await openTestDatabase(kind);
		const clock = createSimClock();
		const services = await createServices({
			database: t.database,
			bus: createLocalBus((err) => {
				throw err;
			}),
			definition: await readDistrictDefinition(BA_DINH),
			clock: clock.now
		});
		const figures = { f0NewCommunity: 1, f0NewQuarantine: 0, f0Active: 9, f1Traced: 4, f1Quarantined: 30, f2: 50, samplesTested: 100, positives: 1, vaccineDoses: 0 };
		const live = await services.cases.report(admin, 'kim-ma', { ...figures, zone: 'red' }, 'form');
		const r = await backfill(services, clock, { minutes: 12 * 60, seed: 5, checkpointDays: 0 });
		expect(r.to?.toISOString()).toBe(live.enteredAt);
		expect(r.refused).toBe(0);
		const [span] = await t.database.db.select({ hi: max(caseReports.reportedAt) }).from(caseReports).where(eq(caseReports.source, 'system'));
		expect(new Date(span!.hi!).getTime()).toBeLessThan(new Date(live.reportedAt).getTime());
		expect((await services.cases.latestByWard()).get('kim-ma')!.id).toBe(live.id);
		// Each back-filled report was judged against the one before it in time, not the newer live one.
		const changes = (await services.zones.history(admin, 'kim-ma')).filter((c) => c.subject === 'ward' && c.at < live.reportedAt);
		expect(changes[0]!.from).toBeNull();
		for (let i = 1; i < changes.length; i++) expect(changes[i]!.from).toBe(changes[i - 1]!.to);
		// The tile's "since" is the newest change in time — the live report's — though the back-filled ones were recorded after it.
		expect((await services.zones.sinceByWard()).get('kim-ma')?.at).toBe(live.enteredAt);
	}, 300_000);
});
