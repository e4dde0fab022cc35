import { describe, expect, it } from 'vitest';
import { applyReportToTrend, buildTrend, rollTo } from '../../src/lib/domain/trend.ts';

const r = (wardCode: string, reportedAt: string, community: number, quarantine = 0, id = 1) => ({
	id,
	wardCode,
	reportedAt,
	f0NewCommunity: community,
	f0NewQuarantine: quarantine
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
		expect(rollTo(t, tomorrow)).toEqual({ days: ['2026-11-21', '2026-11-22', '2026-11-23'], wards: { a: [null, 2, null] }, district: [0, 2, 0] });
		const live = applyReportToTrend(t, r('a', '2026-11-23T01:00:00.000Z', 5), tomorrow);
		expect(live.wards.a).toEqual([null, 2, 5]);
	});
});
