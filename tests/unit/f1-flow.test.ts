import { describe, expect, it } from 'vitest';
import { f1Waiting, f1WaitingOverdue, flowOf } from '../../src/lib/domain/f1-flow.ts';
import { applyFlowToTrend, buildTrend, rollTo } from '../../src/lib/domain/trend.ts';

const days = ['2026-11-20', '2026-11-21', '2026-11-22'];
const now = new Date('2026-11-22T05:00:00.000Z'); // 12:00 Hanoi
const report = (wardCode: string, reportedAt: string, traced: number) => ({
	id: 1,
	wardCode,
	reportedAt,
	f0NewCommunity: 0,
	f0NewQuarantine: 0,
	samplesTested: 0,
	positives: 0,
	vaccineDoses: 0,
	f1Traced: traced
});

describe('F1 waiting: traced − moved, first in first out', () => {
	it('nothing traced, nothing waits', () => {
		expect(f1Waiting(days, [null, null, null], [0, 0, 0])).toEqual({ waiting: 0, since: null });
	});
	it('moves take the oldest traced first: what waits is from the day the moves have not reached', () => {
		expect(f1Waiting(days, [10, 5, 8], [0, 12, 0])).toEqual({ waiting: 11, since: '2026-11-21' });
	});
	it('everything moved (or more, e.g. F1 traced before the window) is nothing waiting, never negative', () => {
		expect(f1Waiting(days, [10, 5, null], [20, 0, 0])).toEqual({ waiting: 0, since: null });
	});
	it('a day with no report counts no traced F1', () => {
		expect(f1Waiting(days, [null, 4, null], [0, 0, 1])).toEqual({ waiting: 3, since: '2026-11-21' });
	});
});

describe('flowOf and the trend', () => {
	const trend = buildTrend([report('a', '2026-11-21T03:00:00.000Z', 10), report('a', '2026-11-22T03:00:00.000Z', 6)], ['a', 'b'], now, 3, {}, [
		{ wardCode: 'a', kind: 'admission', personKind: 'f1', amount: 7, madeAt: '2026-11-22T04:00:00.000Z' },
		{ wardCode: 'a', kind: 'admission', personKind: 'f0', amount: 2, madeAt: '2026-11-22T04:00:00.000Z' },
		{ wardCode: 'a', kind: 'admission', personKind: null, amount: 5, madeAt: '2026-11-22T04:00:00.000Z' },
		{ wardCode: 'b', kind: 'discharge', personKind: 'f1', amount: 30, madeAt: '2026-11-22T04:30:00.000Z' },
		{ wardCode: 'zz', kind: 'admission', personKind: 'f1', amount: 1, madeAt: '2026-11-22T04:30:00.000Z' }
	]);
	it('only F1 admissions are F1 moved; every discharge is returned home; unknown wards are ignored', () => {
		expect(trend.flow.f1Moved).toEqual({ a: [0, 0, 7], b: [0, 0, 0] });
		expect(trend.flow.discharged).toEqual({ a: [0, 0, 0], b: [0, 0, 30] });
	});
	it("a ward's waiting, since when, and today's figures; the district's sums", () => {
		const f = flowOf(trend, ['a', 'b'], now);
		expect(f.wards[0]).toEqual({ code: 'a', waiting: 9, waitingSince: '2026-11-21', tracedToday: 6, movedToday: 7, dischargedToday: 0 });
		expect(f.district).toEqual({ waiting: 9, movedToday: 7, dischargedToday: 30 });
	});
	it('a live admission moves the figure; the next day starts with nothing moved today', () => {
		const t = applyFlowToTrend(trend, { wardCode: 'a', kind: 'admission', personKind: 'f1', amount: 9, madeAt: '2026-11-22T06:00:00.000Z' });
		expect(flowOf(t, ['a'], now).wards[0]!.waiting).toBe(0);
		const tomorrow = flowOf(rollTo(t, new Date('2026-11-23T02:00:00.000Z')), ['a'], new Date('2026-11-23T02:00:00.000Z'));
		expect(tomorrow.wards[0]).toMatchObject({ movedToday: 0, tracedToday: null, waiting: 0 });
	});
	it('a cached snapshot from before the flow takes an admission without failing', () => {
		const old = { ...trend, flow: undefined } as unknown as typeof trend;
		expect(applyFlowToTrend(old, { wardCode: 'a', kind: 'admission', personKind: 'f1', amount: 1, madeAt: now.toISOString() })).toBe(old);
	});
});

describe('waiting too long', () => {
	it('F1 traced on a day wait too long from the start of the day `days` later (local days)', () => {
		expect(f1WaitingOverdue('2026-11-22', now, 1)).toBeNull();
		expect(f1WaitingOverdue('2026-11-21', now, 1)?.toISOString()).toBe('2026-11-21T17:00:00.000Z');
		expect(f1WaitingOverdue('2026-11-21', now, 2)).toBeNull();
		expect(f1WaitingOverdue(null, now)).toBeNull();
	});
});
