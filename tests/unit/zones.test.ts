/** Zone history's rules (issue 13 §2): what counts as a change, which way it goes, how long a zone has held. */
import { describe, expect, it } from 'vitest';
import { zoneChangeOf, zoneDirection } from '../../src/lib/domain/zones.ts';
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
