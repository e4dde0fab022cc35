/**
 * Testing and vaccination progress (issue 13 §3) on a real database (PGlite, and PostgreSQL when
 * TEST_DATABASE_URL is set): each case report keeps its ward's day in the same transaction, the
 * doses of days before the 14-day window are summed from those days (never from the reports),
 * progress reads as of now and as of a report's slot, a reader sees only what it may, and the
 * migration that back-fills an older database's days writes what the command writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Principal } from '../../src/lib/domain/access.ts';
import type { LiveEvent } from '../../src/lib/contracts/live.ts';
import { applyEvent } from '../../src/lib/domain/feed.ts';
import type { Services } from '../../src/lib/server/services/index.ts';
import { wardDays } from '../../src/lib/server/db/schema.ts';
import { BA_DINH, DATABASE_KINDS, MIGRATIONS, createTestServices, openTestDatabase, reportBody, type TestDatabase } from '../fixtures/db.ts';
import { refusal } from '../fixtures/refusal.ts';
import { dayKey, startOfLocalDay } from '../../src/lib/domain/time.ts';

const commander: Principal = { kind: 'user', id: 'd', username: 'd', name: 'Chỉ huy quận', role: 'district_commander', wardCode: null };
const kimMa: Principal = { kind: 'user', id: 'km', username: 'km', name: 'Chỉ huy Kim Mã', role: 'ward_commander', wardCode: 'kim-ma' };
const DAY = 86_400_000;
// 10:00 in Hanoi today: every "days ago" below falls at 10:00 local, far from midnight. Today, not a
// fixed date, because a live event's time is the database's commit time and the wall's "now".
const NOW = new Date(startOfLocalDay(dayKey(new Date())).getTime() + 10 * 3_600_000);
const dayAgo = (n: number) => dayKey(new Date(NOW.getTime() - n * DAY));

describe.each(DATABASE_KINDS)('testing and vaccination progress on %s', (kind) => {
	let t: TestDatabase;
	let s: Services;
	let now = new Date(NOW.getTime() - 20 * DAY);
	let published: LiveEvent[];
	const report = (at: Date, ward: string, f: Record<string, unknown>) => {
		now = at;
		return s.cases.report(commander, ward, reportBody(f), 'api');
	};

	beforeAll(async () => {
		t = await openTestDatabase(kind);
		const ts = await createTestServices(t.database, BA_DINH, { clock: () => now });
		s = ts.services;
		published = ts.published;
	});
	afterAll(async () => {
		await t?.dispose();
	});

	it('starts at zero doses, with coverage against the district file’s population', async () => {
		now = NOW;
		const p = await s.progress.progress(commander);
		expect(p.wards).toHaveLength(14);
		const km = p.wards.find((w) => w.code === 'kim-ma')!;
		expect(km).toMatchObject({ samplesToday: null, dosesToday: null, dosesTotal: 0, population: 14_000, coverage: 0 });
		expect(p.district.population).toBe(223_200);
		expect(p.goal).toBe(0.9);
	});

	it("counts each day's last report: doses to date = days before the window + the window's days", async () => {
		// 20 days ago: outside the 14-day window, so it reaches the total only through ward_days.
		await report(new Date(NOW.getTime() - 20 * DAY), 'kim-ma', { vaccineDoses: 3_000 });
		await report(new Date(NOW.getTime() - 20 * DAY + 3_600_000), 'kim-ma', { vaccineDoses: 4_000 });
		await report(new Date(NOW.getTime() - DAY), 'kim-ma', { vaccineDoses: 1_000 });
		await report(new Date(NOW.getTime() - 3_600_000), 'kim-ma', { vaccineDoses: 500, samplesTested: 800, positives: 4 });
		await report(NOW, 'kim-ma', { vaccineDoses: 700, samplesTested: 1_000, positives: 5 });
		const p = await s.progress.progress(commander);
		const km = p.wards.find((w) => w.code === 'kim-ma')!;
		expect(km).toMatchObject({ samplesToday: 1_000, positivesToday: 5, positivity: 0.005, dosesToday: 700, dosesTotal: 4_000 + 1_000 + 700 });
		expect(km.coverage).toBeCloseTo(5_700 / 28_000);
		expect(km.coverageToday).toBeCloseTo(700 / 28_000);
		const days = await t.database.db.select().from(wardDays).where(sql`${wardDays.wardCode} = 'kim-ma'`).orderBy(wardDays.day);
		expect(days.map((d) => [d.day, d.vaccineDoses])).toEqual([
			[dayAgo(20), 4_000],
			[dayAgo(1), 1_000],
			[dayAgo(0), 700]
		]);
	});

	it('a report made earlier on the device than the day’s last one does not replace it', async () => {
		now = NOW;
		await s.cases.report(commander, 'kim-ma', { ...reportBody({ vaccineDoses: 1 }), enteredAt: new Date(NOW.getTime() - 2 * 3_600_000).toISOString() }, 'api');
		const km = (await s.progress.progress(commander)).wards.find((w) => w.code === 'kim-ma')!;
		expect(km.dosesToday).toBe(700);
	});

	it('a refused report keeps no day', async () => {
		const before = await t.database.db.select().from(wardDays);
		const r = await refusal(s.cases.report(commander, 'ngoc-ha', reportBody({ samplesTested: 1, positives: 2 }), 'api'));
		expect(r.fields).toEqual(['positives:positives_exceed_samples']);
		expect(await t.database.db.select().from(wardDays)).toEqual(before);
	});

	it("as of a report's slot: yesterday evening's progress leaves out today's reports", async () => {
		const evening = new Date(NOW.getTime() - DAY + 8 * 3_600_000); // 18:00 yesterday
		const p = await s.progress.progress(commander, evening);
		expect(p.day).toBe(dayAgo(1));
		expect(p.wards.find((w) => w.code === 'kim-ma')).toMatchObject({ dosesToday: 1_000, dosesTotal: 5_000 });
	});

	it('the wall’s snapshot carries the same day figures, and events keep a wall in step with a fresh one', async () => {
		now = NOW;
		const start = await s.live.snapshot(commander);
		published.length = 0;
		await report(NOW, 'ngoc-ha', { vaccineDoses: 300, samplesTested: 200, positives: 1 });
		const fresh = await s.live.snapshot(commander);
		const applied = published.reduce(applyEvent, start);
		expect(applied.trend.series).toEqual(fresh.trend.series);
		expect(fresh.trend.dosesBefore['kim-ma']).toBe(4_000);
		expect(fresh.trend.series.doses['ngoc-ha']!.at(-1)).toBe(300);
	});

	it('a ward commander reads its own ward only', async () => {
		const p = await s.progress.progress(kimMa);
		expect(p.wards.map((w) => w.code)).toEqual(['kim-ma']);
		expect(p.district.dosesTotal).toBe(5_700);
	});

	it("the migration that back-fills an older database's days writes what the command writes", async () => {
		const written = await t.database.db.select().from(wardDays).orderBy(wardDays.wardCode, wardDays.day);
		await t.database.db.delete(wardDays);
		await t.database.db.execute(sql.raw(readFileSync(path.join(MIGRATIONS, '0019_backfill_ward_days.sql'), 'utf8')));
		expect(await t.database.db.select().from(wardDays).orderBy(wardDays.wardCode, wardDays.day)).toEqual(written);
	});
});
