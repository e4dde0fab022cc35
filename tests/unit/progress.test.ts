import { describe, expect, it } from 'vitest';
import { coverageOf, positivityOf, progressOf, progressTrend } from '../../src/lib/domain/progress.ts';
import { buildTrend } from '../../src/lib/domain/trend.ts';

const now = new Date('2026-11-22T05:00:00.000Z'); // 12:00 Hanoi
const plan = { courseDoses: 2, goal: 0.9 };
const report = (wardCode: string, reportedAt: string, f: { samples?: number; positives?: number; doses?: number }, id = 1) => ({
	id,
	wardCode,
	reportedAt,
	f0NewCommunity: 0,
	f0NewQuarantine: 0,
	samplesTested: f.samples ?? 0,
	positives: f.positives ?? 0,
	vaccineDoses: f.doses ?? 0,
	f1Traced: 0
});

describe('coverage and positivity', () => {
	it('coverage is the share of a full course given to the population, capped at 100 %', () => {
		expect(coverageOf(10_000, 10_000, plan)).toBe(0.5);
		expect(coverageOf(30_000, 10_000, plan)).toBe(1);
		expect(coverageOf(1_000, 10_000, { courseDoses: 1, goal: 0.9 })).toBe(0.1);
	});
	it('no population, or 0, has no coverage (never a division by zero)', () => {
		expect(coverageOf(100, null, plan)).toBeNull();
		expect(coverageOf(100, 0, plan)).toBeNull();
	});
	it('positivity is positives ÷ samples; none without samples', () => {
		expect(positivityOf(200, 3)).toBe(0.015);
		expect(positivityOf(0, 0)).toBeNull();
		expect(positivityOf(null, null)).toBeNull();
	});
});

describe('progressOf', () => {
	const trend = buildTrend(
		[
			report('a', '2026-11-21T03:00:00.000Z', { doses: 400 }),
			report('a', '2026-11-22T04:00:00.000Z', { samples: 500, positives: 5, doses: 200 }),
			report('b', '2026-11-21T03:00:00.000Z', { samples: 100, doses: 50 })
		],
		['a', 'b', 'c'],
		now,
		14,
		{ a: 9_400, b: 1_000 }
	);
	const wards = [
		{ code: 'a', population: 10_000 },
		{ code: 'b', population: 5_000 },
		{ code: 'c', population: null }
	];
	const p = progressOf(trend, wards, plan, now);

	it("a ward's today figures, its doses to date and its coverage", () => {
		const a = p.wards.find((w) => w.code === 'a')!;
		expect(a).toMatchObject({ samplesToday: 500, positivesToday: 5, positivity: 0.01, dosesToday: 200, dosesTotal: 10_000, population: 10_000, coverage: 0.5 });
		expect(a.coverageToday).toBeCloseTo(0.01);
	});
	it('a ward that has not reported today has no today figures, but keeps its doses to date', () => {
		const b = p.wards.find((w) => w.code === 'b')!;
		expect(b).toMatchObject({ samplesToday: null, dosesToday: null, positivity: null, dosesTotal: 1_050, coverage: 0.105, coverageToday: 0 });
	});
	it('a ward without a population has doses but no coverage', () => {
		expect(p.wards.find((w) => w.code === 'c')).toMatchObject({ dosesTotal: 0, population: null, coverage: null, coverageToday: null });
	});
	it("the district: sums, coverage over the wards with a population, the goal and today's day", () => {
		expect(p.day).toBe('2026-11-22');
		expect(p.goal).toBe(0.9);
		expect(p.district).toMatchObject({ samplesToday: 500, positivesToday: 5, dosesToday: 200, dosesTotal: 11_050, population: 15_000 });
		expect(p.district.coverage).toBeCloseTo(11_050 / 30_000);
		expect(p.district.coverageToday).toBeCloseTo(200 / 30_000);
	});
	it('past midnight, today is empty and yesterday is in the total: a wall left open never shows stale today figures', () => {
		const tomorrow = progressOf(trend, wards, plan, new Date('2026-11-23T01:00:00.000Z'));
		expect(tomorrow.day).toBe('2026-11-23');
		expect(tomorrow.wards[0]).toMatchObject({ dosesToday: null, samplesToday: null, dosesTotal: 10_000 });
		expect(tomorrow.district.samplesToday).toBeNull();
	});
	it("the district's samples, positives and doses per day of the window", () => {
		const t = progressTrend(trend);
		expect(t.days).toHaveLength(14);
		expect(t.doses.slice(-2)).toEqual([450, 200]);
		expect(t.samples.slice(-2)).toEqual([100, 500]);
		expect(t.positives.slice(-1)).toEqual([5]);
	});
});
