/** Zone history's rules (issue 13 §2): what counts as a change, which way it goes, how long a zone has held. */
import { describe, expect, it } from 'vitest';
import { zoneChangeOf, zoneDirection, zoneSegments } from '../../src/lib/domain/zones.ts';
import { formatDayMonth, localDaysBetween } from '../../src/lib/domain/time.ts';
import { applyEvent } from '../../src/lib/domain/feed.ts';
import type { CasesReportedEvent, LiveSnapshot } from '../../src/lib/domain/live.ts';
import type { CaseReport } from '../../src/lib/domain/cases.ts';

describe('a change of zone', () => {
	it('is a new zone, or the first one; the same zone again is none', () => {
		expect(zoneChangeOf(null, 'red')).toEqual({ from: null, to: 'red' });
		expect(zoneChangeOf('red', 'orange')).toEqual({ from: 'red', to: 'orange' });
		expect(zoneChangeOf('red', 'red')).toBeNull();
	});

	it("goes better or worse by the scheme's severity", () => {
		expect(zoneDirection('three', null, 'red')).toBe('first');
		expect(zoneDirection('three', 'red', 'orange')).toBe('better');
		expect(zoneDirection('three', 'green', 'red')).toBe('worse');
		expect(zoneDirection('four', 'orange', 'yellow')).toBe('better');
		expect(zoneDirection('four', 'yellow', 'yellow')).toBe('same');
	});
});

describe('how long a zone has held', () => {
	it('counts local days (Asia/Ho_Chi_Minh), not 24-hour periods', () => {
		// 23:30 on 28/08 and 00:30 on 29/08 in Hà Nội: one day apart.
		expect(localDaysBetween(new Date('2021-08-28T16:30:00Z'), new Date('2021-08-28T17:30:00Z'))).toBe(1);
		expect(localDaysBetween(new Date('2021-08-28T01:00:00Z'), new Date('2021-08-28T16:59:00Z'))).toBe(0);
		expect(localDaysBetween(new Date('2021-08-28T01:00:00Z'), new Date('2021-09-03T01:00:00Z'))).toBe(6);
	});

	it('is written dd/MM', () => {
		expect(formatDayMonth(new Date('2021-08-27T17:00:00Z'))).toBe('28/08');
		expect(formatDayMonth('2021-09-03')).toBe('03/09');
	});
});

describe('the wall keeps "in this zone since" current from reports', () => {
	const report = (zone: string, enteredAt: string): CaseReport => ({ zone, enteredAt, reportedAt: enteredAt }) as CaseReport;
	const snapshot = (latest: CaseReport | null, zoneSince: string | null) =>
		({
			seq: 1,
			wards: [{ code: 'kim-ma', name: 'Kim Mã', position: 0, hotline: null, latest, zoneSince }],
			trend: { days: [], wards: {}, district: [] }
		}) as unknown as LiveSnapshot;
	const event = (r: CaseReport): CasesReportedEvent => ({ type: 'cases:reported', seq: 2, wardPrevSeq: 1, at: r.reportedAt, wardCode: 'kim-ma', report: r });

	it('a report in another zone starts it at the time the report was made; one in the same zone keeps it', () => {
		const start = snapshot(report('red', '2021-08-28T01:00:00.000Z'), '2021-08-28T01:00:00.000Z');
		expect(applyEvent(start, event(report('orange', '2021-08-30T02:00:00.000Z'))).wards[0]!.zoneSince).toBe('2021-08-30T02:00:00.000Z');
		expect(applyEvent(start, event(report('red', '2021-08-30T02:00:00.000Z'))).wards[0]!.zoneSince).toBe('2021-08-28T01:00:00.000Z');
		expect(applyEvent(snapshot(null, null), event(report('red', '2021-08-30T02:00:00.000Z'))).wards[0]!.zoneSince).toBe('2021-08-30T02:00:00.000Z');
	});
});

describe("a ward's strip of zones over a range", () => {
	// 28/08 00:00 → 04/09 00:00 in Hà Nội (UTC+7).
	const range = { from: new Date('2021-08-27T17:00:00.000Z'), to: new Date('2021-09-03T17:00:00.000Z') };
	const at = (local: string) => new Date(`${local}+07:00`).toISOString();
	const change = (to: string, local: string) => ({ to, at: at(local) });
	const strip = (changes: Array<{ to: string; at: string }>, r = range) => zoneSegments(changes, r).map((s) => [s.zone, s.start, s.end]);

	it('without any change is one segment of no zone over the whole range', () => {
		expect(strip([])).toEqual([[null, range.from.toISOString(), range.to.toISOString()]]);
	});

	it('starts in the zone in force at the range start: the last change before it', () => {
		expect(strip([change('red', '2021-08-20T09:00:00'), change('orange', '2021-08-25T09:00:00'), change('green', '2021-08-30T14:00:00')])).toEqual([
			['orange', range.from.toISOString(), at('2021-08-30T14:00:00')],
			['green', at('2021-08-30T14:00:00'), range.to.toISOString()]
		]);
	});

	it('a change at the very start of the range is the zone at the start, with no grey before it', () => {
		expect(strip([change('red', '2021-08-28T00:00:00')])).toEqual([['red', range.from.toISOString(), range.to.toISOString()]]);
	});

	it('is grey before the first zone known, when that is inside the range', () => {
		expect(strip([change('red', '2021-08-28T14:00:00'), change('orange', '2021-09-03T09:30:00')])).toEqual([
			[null, range.from.toISOString(), at('2021-08-28T14:00:00')],
			['red', at('2021-08-28T14:00:00'), at('2021-09-03T09:30:00')],
			['orange', at('2021-09-03T09:30:00'), range.to.toISOString()]
		]);
	});

	it('ignores changes from the range end on (the end itself excluded)', () => {
		expect(strip([change('red', '2021-08-29T08:00:00'), change('green', '2021-09-04T00:00:00'), change('orange', '2021-09-10T08:00:00')])).toEqual([
			[null, range.from.toISOString(), at('2021-08-29T08:00:00')],
			['red', at('2021-08-29T08:00:00'), range.to.toISOString()]
		]);
		// Only changes after the range: the whole range is before the first zone known.
		expect(strip([change('red', '2021-09-05T08:00:00')])).toEqual([[null, range.from.toISOString(), range.to.toISOString()]]);
	});

	it('keeps several changes of one day, each its own segment, in time order whatever order they come in', () => {
		const day = [change('orange', '2021-08-31T18:00:00'), change('red', '2021-08-31T06:00:00'), change('green', '2021-08-31T12:00:00')];
		expect(strip([change('orange', '2021-08-01T00:00:00'), ...day])).toEqual([
			['orange', range.from.toISOString(), at('2021-08-31T06:00:00')],
			['red', at('2021-08-31T06:00:00'), at('2021-08-31T12:00:00')],
			['green', at('2021-08-31T12:00:00'), at('2021-08-31T18:00:00')],
			['orange', at('2021-08-31T18:00:00'), range.to.toISOString()]
		]);
	});

	it('two changes at one instant leave no empty segment: the later listed wins, and joins its neighbour when in the same zone', () => {
		expect(strip([change('red', '2021-08-29T08:00:00'), change('orange', '2021-08-30T08:00:00'), change('green', '2021-08-30T08:00:00')])).toEqual([
			[null, range.from.toISOString(), at('2021-08-29T08:00:00')],
			['red', at('2021-08-29T08:00:00'), at('2021-08-30T08:00:00')],
			['green', at('2021-08-30T08:00:00'), range.to.toISOString()]
		]);
		expect(strip([change('red', '2021-08-29T08:00:00'), change('orange', '2021-08-30T08:00:00'), change('red', '2021-08-30T08:00:00')])).toEqual([
			[null, range.from.toISOString(), at('2021-08-29T08:00:00')],
			['red', at('2021-08-29T08:00:00'), range.to.toISOString()]
		]);
	});

	it('joins neighbours in the same zone (a repeated change is no boundary); an empty range has no segments', () => {
		expect(strip([change('red', '2021-08-20T08:00:00'), change('red', '2021-08-30T08:00:00')])).toEqual([
			['red', range.from.toISOString(), range.to.toISOString()]
		]);
		expect(strip([change('red', '2021-08-20T08:00:00')], { from: range.to, to: range.to })).toEqual([]);
		expect(strip([change('red', '2021-08-20T08:00:00')], { from: range.to, to: range.from })).toEqual([]);
	});
});
