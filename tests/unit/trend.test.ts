import { describe, expect, it } from 'vitest';
import { applyReportToTrend, buildTrend, rollTo } from '../../src/lib/domain/trend.ts';

const r = (wardCode: string, reportedAt: string, community: number, quarantine = 0, id = 1) => ({
	id,
	wardCode,
	reportedAt,
	f0NewCommunity: community,
	f0NewQuarantine: quarantine,
	samplesTested: 0,
	positives: 0,
	vaccineDoses: 0,
	f1Traced: 0
});
const now = new Date('2026-11-22T05:00:00.000Z'); // 12:00 Hanoi

describe('buildTrend', () => {
	it('is fixed length, oldest first, ending today (Hanoi days)', () => {
		const t = buildTrend([], ['a'], now, 3);
		expect(t.days).toEqual(['2026-11-20', '2026-11-21', '2026-11-22']);
		expect(t.wards.a).toEqual([null, null, null]);
		expect(t.district).toEqual([0, 0, 0]);
	});
	it("a day counts the ward's last report of that day, not the sum of its reports", () => {
		const t = buildTrend(
			[r('a', '2026-11-22T01:00:00.000Z', 2), r('a', '2026-11-22T04:00:00.000Z', 5, 1), r('b', '2026-11-21T10:00:00.000Z', 3)],
			['a', 'b'],
			now,
			3
		);
		expect(t.wards.a).toEqual([null, null, 6]);
		expect(t.wards.b).toEqual([null, 3, null]);
		expect(t.district).toEqual([0, 3, 6]);
	});
	it('00:30 Hanoi belongs to that Hanoi day even though it is the previous UTC day', () => {
		const t = buildTrend([r('a', '2026-11-21T17:30:00.000Z', 4)], ['a'], now, 2);
		expect(t.wards.a).toEqual([null, 4]);
	});
	it('ignores reports outside the window and unknown wards', () => {
		const t = buildTrend([r('a', '2026-10-01T01:00:00.000Z', 9), r('zz', '2026-11-22T01:00:00.000Z', 9)], ['a'], now, 2);
		expect(t.district).toEqual([0, 0]);
	});
});

describe('live updates', () => {
	it("a new report replaces its day's figure; lengths never change", () => {
		let t = buildTrend([r('a', '2026-11-22T01:00:00.000Z', 2)], ['a'], now, 3);
		t = applyReportToTrend(t, r('a', '2026-11-22T04:30:00.000Z', 7), now);
		expect(t.wards.a).toEqual([null, null, 7]);
		expect(t.district).toEqual([0, 0, 7]);
		expect(t.days).toHaveLength(3);
	});
	it('rolls forward at midnight: the oldest day drops, today starts empty', () => {
		const t = buildTrend([r('a', '2026-11-22T01:00:00.000Z', 2), r('a', '2026-11-20T01:00:00.000Z', 1)], ['a'], now, 3);
		const tomorrow = new Date('2026-11-23T02:00:00.000Z');
		expect(rollTo(t, tomorrow)).toMatchObject({ days: ['2026-11-21', '2026-11-22', '2026-11-23'], wards: { a: [null, 2, null] }, district: [0, 2, 0] });
		const live = applyReportToTrend(t, r('a', '2026-11-23T01:00:00.000Z', 5), tomorrow);
		expect(live.wards.a).toEqual([null, 2, 5]);
	});
});

describe('the other day figures and the doses before the window (issue 13 §3)', () => {
	const full = (wardCode: string, reportedAt: string, f: { samples?: number; positives?: number; doses?: number; traced?: number }, id = 1) => ({
		...r(wardCode, reportedAt, 0, 0, id),
		samplesTested: f.samples ?? 0,
		positives: f.positives ?? 0,
		vaccineDoses: f.doses ?? 0,
		f1Traced: f.traced ?? 0
	});
	it("keeps samples, positives, doses and F1 traced from each day's last report", () => {
		const t = buildTrend(
			[
				full('a', '2026-11-22T01:00:00.000Z', { samples: 100, doses: 50 }),
				full('a', '2026-11-22T04:00:00.000Z', { samples: 300, positives: 2, doses: 80, traced: 9 })
			],
			['a'],
			now,
			2,
			{ a: 1000 }
		);
		expect(t.series.samples.a).toEqual([null, 300]);
		expect(t.series.positives.a).toEqual([null, 2]);
		expect(t.series.doses.a).toEqual([null, 80]);
		expect(t.series.f1Traced.a).toEqual([null, 9]);
		expect(t.dosesBefore).toEqual({ a: 1000 });
	});
	it('a ward absent from dosesBefore starts at 0; unknown wards there are dropped', () => {
		expect(buildTrend([], ['a'], now, 1, { zz: 5 }).dosesBefore).toEqual({ a: 0 });
	});
	it('a live report replaces the day in every series', () => {
		let t = buildTrend([full('a', '2026-11-22T01:00:00.000Z', { doses: 10 })], ['a'], now, 2);
		t = applyReportToTrend(t, full('a', '2026-11-22T04:30:00.000Z', { doses: 25, samples: 40 }), now);
		expect(t.series.doses.a).toEqual([null, 25]);
		expect(t.series.samples.a).toEqual([null, 40]);
	});
	it('rolling past midnight moves the dropped day’s doses into dosesBefore: the total never drops', () => {
		const t = buildTrend([full('a', '2026-11-21T01:00:00.000Z', { doses: 30 }), full('a', '2026-11-22T01:00:00.000Z', { doses: 20 })], ['a'], now, 2, {
			a: 100
		});
		const next = rollTo(t, new Date('2026-11-23T02:00:00.000Z'));
		expect(next.days).toEqual(['2026-11-22', '2026-11-23']);
		expect(next.dosesBefore.a).toBe(130);
		expect(next.series.doses.a).toEqual([20, null]);
	});
	it('a cached snapshot from before the series takes a live report without failing', () => {
		const old = { days: ['2026-11-22'], wards: { a: [null] }, district: [0] } as unknown as Parameters<typeof applyReportToTrend>[0];
		const t = applyReportToTrend(old, full('a', '2026-11-22T04:30:00.000Z', { doses: 5 }), now);
		expect(t.wards.a).toEqual([0]);
		expect(rollTo(t, new Date('2026-11-23T02:00:00.000Z')).days).toEqual(['2026-11-23']);
	});
});
