/** Overdue against the report schedule (issue 11 §7): slots 06:00, 12:00, 18:00 Asia/Ho_Chi_Minh, a grace after each. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_REPORT_GRACE_MINUTES, reportDue } from '../../src/lib/domain/overdue.ts';

/** An instant given as Hanoi wall-clock time (UTC+07:00, no daylight saving). */
const at = (local: string) => new Date(`${local}+07:00`);
const SLOTS = ['06:00', '12:00', '18:00'];
const due = (last: string | null, now: string, grace = 30, slots = SLOTS) => reportDue(last === null ? null : at(last), at(now), slots, grace);
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('reportDue — a whole day', () => {
	it('a ward that reported at 18:00 is not overdue all night and is overdue exactly from 06:00 + grace', () => {
		const last = at('2021-08-01T18:00:00');
		const from = at('2021-08-01T18:00:00').getTime();
		const until = at('2021-08-02T18:30:00').getTime();
		const overdueFrom = at('2021-08-02T06:30:00').getTime();
		let steps = 0;
		for (let t = from; t <= until; t += 30 * 60_000, steps++) {
			const r = reportDue(last, new Date(t), SLOTS, 30);
			expect({ at: new Date(t).toISOString(), overdue: r.overdue }).toEqual({ at: new Date(t).toISOString(), overdue: t >= overdueFrom });
			// Once overdue, it is since the 06:00 deadline it missed, whichever slot is the latest due.
			if (r.overdue) expect(iso(r.since)).toBe(at('2021-08-02T06:30:00').toISOString());
			else expect(r).toEqual({ overdue: false, dueSlot: null, since: null });
		}
		expect(steps).toBe(50);
	});

	it('not at 00:30, not at 05:59 or one millisecond before the deadline; overdue at the deadline', () => {
		expect(due('2021-08-01T18:00:00', '2021-08-02T00:30:00').overdue).toBe(false);
		expect(due('2021-08-01T18:00:00', '2021-08-02T05:59:00').overdue).toBe(false);
		expect(due('2021-08-01T18:00:00', '2021-08-02T06:29:59.999').overdue).toBe(false);
		const r = due('2021-08-01T18:00:00', '2021-08-02T06:30:00');
		expect(r.overdue).toBe(true);
		expect(iso(r.dueSlot)).toBe(at('2021-08-02T06:00:00').toISOString());
	});

	it('the slot it is late for moves on as slots pass without a report', () => {
		expect(iso(due('2021-08-01T18:00:00', '2021-08-02T12:29:00').dueSlot)).toBe(at('2021-08-02T06:00:00').toISOString());
		expect(iso(due('2021-08-01T18:00:00', '2021-08-02T12:30:00').dueSlot)).toBe(at('2021-08-02T12:00:00').toISOString());
		const days = due('2021-08-01T18:00:00', '2021-08-04T19:00:00');
		expect(iso(days.dueSlot)).toBe(at('2021-08-04T18:00:00').toISOString());
		expect(iso(days.since)).toBe(at('2021-08-02T06:30:00').toISOString());
	});

	it('a ward that reports for every slot is never overdue', () => {
		const reports = ['2021-08-02T05:40:00', '2021-08-02T11:55:00', '2021-08-02T18:20:00'];
		for (let t = at('2021-08-02T06:00:00').getTime(); t < at('2021-08-03T06:00:00').getTime(); t += 10 * 60_000) {
			const last = reports.filter((r) => at(r).getTime() <= t).at(-1) ?? '2021-08-01T18:00:00';
			expect([new Date(t).toISOString(), reportDue(at(last), new Date(t), SLOTS, 30).overdue]).toEqual([new Date(t).toISOString(), false]);
		}
	});
});

describe('reportDue — across midnight', () => {
	it('17:50 and 18:05 both answer the 18:00 slot: quiet through the night, overdue at 06:30', () => {
		for (const last of ['2021-08-01T17:50:00', '2021-08-01T18:05:00', '2021-08-01T18:30:00']) {
			expect([last, due(last, '2021-08-01T23:59:00').overdue]).toEqual([last, false]);
			expect([last, due(last, '2021-08-02T00:30:00').overdue]).toEqual([last, false]);
			expect([last, due(last, '2021-08-02T06:29:00').overdue]).toEqual([last, false]);
			expect([last, due(last, '2021-08-02T06:30:00').overdue]).toEqual([last, true]);
		}
	});

	it('a report after 18:00 + grace answers 06:00 (one report, one slot): quiet at 06:30, overdue at 12:30', () => {
		for (const last of ['2021-08-01T18:31:00', '2021-08-01T23:50:00', '2021-08-02T00:10:00', '2021-08-02T06:30:00']) {
			expect([last, due(last, '2021-08-02T06:30:00').overdue]).toEqual([last, false]);
			expect([last, due(last, '2021-08-02T12:29:00').overdue]).toEqual([last, false]);
			const r = due(last, '2021-08-02T12:30:00');
			expect([last, r.overdue, iso(r.since)]).toEqual([last, true, at('2021-08-02T12:30:00').toISOString()]);
		}
	});

	it('a report late within the grace does not also count for the next slot', () => {
		// 06:10 answers 06:00; without a report for 12:00 the ward is overdue at 12:30 (not only at 18:30).
		expect(due('2021-08-02T06:10:00', '2021-08-02T12:30:00').overdue).toBe(true);
		// 12:10 answers 12:00; it is overdue at 18:30, and stays so past midnight.
		expect(due('2021-08-02T12:10:00', '2021-08-02T18:30:00').overdue).toBe(true);
		expect(due('2021-08-02T12:10:00', '2021-08-03T00:30:00').overdue).toBe(true);
	});
});

describe('reportDue — the grace', () => {
	it('defaults to 30 minutes', () => {
		expect(DEFAULT_REPORT_GRACE_MINUTES).toBe(30);
		expect(reportDue(at('2021-08-01T18:00:00'), at('2021-08-02T06:29:00')).overdue).toBe(false);
		expect(reportDue(at('2021-08-01T18:00:00'), at('2021-08-02T06:30:00')).overdue).toBe(true);
	});

	it('no grace: overdue at the slot itself; a report at the slot answers that slot', () => {
		expect(due('2021-08-01T18:00:00', '2021-08-02T05:59:59', 0).overdue).toBe(false);
		expect(due('2021-08-01T18:00:00', '2021-08-02T06:00:00', 0).overdue).toBe(true);
		expect(due('2021-08-01T18:00:01', '2021-08-02T06:00:00', 0).overdue).toBe(false);
	});

	it('a longer grace moves both the deadline and the window a report counts in', () => {
		expect(due('2021-08-01T18:00:00', '2021-08-02T07:29:00', 90).overdue).toBe(false);
		expect(due('2021-08-01T18:00:00', '2021-08-02T07:30:00', 90).overdue).toBe(true);
		// 19:15 is within 18:00 + 90 min: it answers 18:00, so 06:00 is still due.
		expect(due('2021-08-01T19:15:00', '2021-08-02T07:30:00', 90).overdue).toBe(true);
		expect(due('2021-08-01T19:31:00', '2021-08-02T07:30:00', 90).overdue).toBe(false);
		expect(due('2021-08-01T19:31:00', '2021-08-02T07:30:00', 30).overdue).toBe(false);
	});
});

describe('reportDue — never reported, odd clocks', () => {
	it('a ward that never reported is overdue for the latest slot past its grace, since unknown', () => {
		expect(due(null, '2021-08-02T06:10:00')).toEqual({ overdue: true, dueSlot: at('2021-08-01T18:00:00'), since: null });
		expect(due(null, '2021-08-02T06:30:00')).toEqual({ overdue: true, dueSlot: at('2021-08-02T06:00:00'), since: null });
		expect(reportDue(new Date('not a date'), at('2021-08-02T06:30:00')).overdue).toBe(true);
	});

	it('a report stamped a little ahead of the clock (a device that runs fast) is not overdue', () => {
		expect(due('2021-08-02T06:34:00', '2021-08-02T06:30:00').overdue).toBe(false);
	});

	it('does not depend on the UTC date: 18:00 Hanoi is 11:00Z, 06:30 Hanoi the next day is 23:30Z', () => {
		expect(reportDue(new Date('2021-08-01T11:00:00Z'), new Date('2021-08-01T23:29:00Z')).overdue).toBe(false);
		expect(reportDue(new Date('2021-08-01T11:00:00Z'), new Date('2021-08-01T23:30:00Z')).overdue).toBe(true);
	});
});

describe('reportDue — other schedules', () => {
	it('one slot a day (08:00): a report answers it until 08:00 + grace the next day', () => {
		const one = ['08:00'];
		expect(due('2021-08-01T08:10:00', '2021-08-02T08:29:00', 30, one).overdue).toBe(false);
		expect(due('2021-08-01T08:10:00', '2021-08-02T08:30:00', 30, one).overdue).toBe(true);
		expect(due('2021-08-01T08:31:00', '2021-08-02T08:30:00', 30, one).overdue).toBe(false);
	});

	it('four slots, unsorted in the list, with a slot at midnight', () => {
		const four = ['18:00', '00:00', '12:00', '06:00'];
		expect(due('2021-08-01T18:00:00', '2021-08-02T00:29:00', 30, four).overdue).toBe(false);
		const r = due('2021-08-01T18:00:00', '2021-08-02T00:30:00', 30, four);
		expect([r.overdue, iso(r.dueSlot)]).toEqual([true, at('2021-08-02T00:00:00').toISOString()]);
	});

	it('slots seconds apart (as the schedule tests use) with a grace longer than the gap', () => {
		const close = ['10:00:00', '10:00:30'];
		// Deadlines 10:01:00 and 10:01:30 (grace 1 min): a report at 10:00:45 answers 10:00:00.
		expect(due('2021-08-02T10:00:45', '2021-08-02T10:01:29', 1, close).overdue).toBe(false);
		expect(due('2021-08-02T10:00:45', '2021-08-02T10:01:30', 1, close).overdue).toBe(true);
		expect(due('2021-08-02T10:01:05', '2021-08-02T10:01:30', 1, close).overdue).toBe(false);
	});
});
