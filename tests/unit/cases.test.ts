import { describe, expect, it } from 'vitest';
import { caseReportRuleErrors, districtTotals, parseTypedCount, wardFigures, type CaseReport } from '../../src/lib/domain/cases.ts';
import { DEFAULT_REPORT_SCHEDULE } from '../../src/lib/domain/overdue.ts';

const SCHEDULE = DEFAULT_REPORT_SCHEDULE; // 06:00, 12:00, 18:00 + 30 min

function report(over: Partial<CaseReport> = {}): CaseReport {
	return {
		id: 1,
		wardCode: 'kim-ma',
		f0NewCommunity: 2,
		f0NewQuarantine: 3,
		f0Active: 40,
		f1Traced: 10,
		f1Quarantined: 100,
		f2: 200,
		samplesTested: 500,
		positives: 5,
		vaccineDoses: 300,
		zone: 'orange',
		note: null,
		reportedBy: 'x',
		reportedAt: '2026-11-22T03:00:00.000Z', // 10:00 in Hanoi
		...over
	};
}

describe('wardFigures', () => {
	const now = new Date('2026-11-22T05:00:00.000Z'); // 12:00 Hanoi

	it("shows today's new F0 (community + quarantine) and the state figures of the latest report", () => {
		const f = wardFigures(report(), SCHEDULE, now);
		expect(f).toMatchObject({ newF0Today: 5, newF0CommunityToday: 2, f0Active: 40, f1Quarantined: 100, zone: 'orange' });
		expect(f.ageMinutes).toBe(120);
		expect(f.overdue).toBe(false);
		expect(f.dueSlot).toBeNull();
	});

	it("does not present yesterday's day figures as today's", () => {
		// 23:30 Hanoi on the 21st = 16:30Z on the 21st
		const f = wardFigures(report({ reportedAt: '2026-11-21T16:30:00.000Z' }), SCHEDULE, now);
		expect(f.newF0Today).toBeNull();
		expect(f.f0Active).toBe(40);
	});

	it('uses the Hanoi calendar day, not UTC: 00:30 Hanoi is "today" although it is yesterday in UTC', () => {
		const f = wardFigures(report({ reportedAt: '2026-11-21T17:30:00.000Z' }), SCHEDULE, now);
		expect(f.newF0Today).toBe(5);
	});

	it('flags a ward late against the report schedule (lib/domain/overdue.ts), not after a fixed interval', () => {
		// Reported at 10:00: it answers the 12:00 slot, due at 12:30.
		const at = (local: string) => new Date(`${local}+07:00`);
		expect(wardFigures(report(), SCHEDULE, at('2026-11-22T18:29:00')).overdue).toBe(false);
		const late = wardFigures(report(), SCHEDULE, at('2026-11-22T18:30:00'));
		expect([late.overdue, late.dueSlot]).toEqual([true, at('2026-11-22T18:00:00').toISOString()]);
		// Reported at 18:00: not overdue overnight though 6½ hours old at 00:30.
		const evening = report({ reportedAt: at('2026-11-22T18:00:00').toISOString() });
		expect(wardFigures(evening, SCHEDULE, at('2026-11-23T00:30:00'))).toMatchObject({ overdue: false, ageMinutes: 390 });
		expect(wardFigures(evening, SCHEDULE, at('2026-11-23T06:30:00')).overdue).toBe(true);
		// The district's grace and slots.
		expect(wardFigures(evening, { slots: ['06:00', '12:00', '18:00'], graceMinutes: 60 }, at('2026-11-23T06:30:00')).overdue).toBe(false);
		expect(wardFigures(evening, { slots: ['08:00'], graceMinutes: 30 }, at('2026-11-23T06:30:00')).overdue).toBe(false);
		// Counted at the time the report was made (issue 11 §6), not its arrival.
		const queued = report({ reportedAt: at('2026-11-22T18:40:00').toISOString(), enteredAt: at('2026-11-22T18:20:00').toISOString() });
		expect(wardFigures(queued, SCHEDULE, at('2026-11-23T06:30:00')).overdue).toBe(true);
	});

	it('a ward that never reported is overdue with no figures', () => {
		const f = wardFigures(null, SCHEDULE, now);
		expect(f.overdue).toBe(true);
		expect(f.newF0Today).toBeNull();
		expect(f.zone).toBeNull();
	});
});

describe('districtTotals', () => {
	const now = new Date('2026-11-22T05:00:00.000Z');

	it("sums state figures over every ward and day figures only over today's reports", () => {
		const t = districtTotals(
			[{ latest: report({ zone: 'red' }) }, { latest: report({ reportedAt: '2026-11-20T03:00:00.000Z', f0Active: 10, zone: 'green' }) }, { latest: null }],
			'three',
			now
		);
		expect(t).toMatchObject({
			newF0Today: 5,
			newF0CommunityToday: 2,
			f0Active: 50,
			f1Quarantined: 200,
			wardsReportedToday: 1,
			wardCount: 3,
			worstZone: 'red'
		});
		expect(t.zones).toEqual({ red: 1, green: 1 });
	});

	it('ranks zones by the configured scheme (four levels)', () => {
		const t = districtTotals([{ latest: report({ zone: 'yellow' }) }, { latest: report({ zone: 'green' }) }], 'four', now);
		expect(t.worstZone).toBe('yellow');
	});
});

describe('caseReportRuleErrors', () => {
	it('refuses more positives than samples tested', () => {
		expect(caseReportRuleErrors(report({ samplesTested: 3, positives: 4 }))).toEqual([{ field: 'positives', code: 'positives_exceed_samples' }]);
	});
	it('accepts positives equal to samples', () => {
		expect(caseReportRuleErrors(report({ samplesTested: 4, positives: 4 }))).toEqual([]);
	});
});

describe('parseTypedCount', () => {
	it.each([
		['12', 12],
		[' 7 ', 7],
		['1.234', 1234],
		['1.234.567', 1234567],
		['1,5', 1.5],
		['1.5', 1.5],
		['-3', -3],
		['0', 0]
	])('%j → %j', (raw, n) => expect(parseTypedCount(raw)).toBe(n));

	it('leaves what is not a number for the schema to refuse, and empty as missing', () => {
		expect(parseTypedCount('abc')).toBe('abc');
		expect(parseTypedCount('')).toBeUndefined();
		expect(parseTypedCount('   ')).toBeUndefined();
	});
});
