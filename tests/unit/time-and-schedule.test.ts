import { describe, expect, it } from 'vitest';
import { dayKey, formatCount, formatDate, formatDateTime, formatDecimal, formatRemaining, formatTime } from '../../src/lib/domain/time.ts';
import { nextReportSlot, parseSlots, previousReportSlot, slotInstant, slotsBetween } from '../../src/lib/domain/schedule.ts';

describe('time formatting (Asia/Ho_Chi_Minh, dd/MM/yyyy, 24-hour)', () => {
	const at = new Date('2026-01-05T15:07:09.000Z'); // 22:07:09 on 05/01/2026 in Hanoi

	it('formats dates and times the Vietnamese way', () => {
		expect(formatDate(at)).toBe('05/01/2026');
		expect(formatTime(at)).toBe('22:07');
		expect(formatTime(at, true)).toBe('22:07:09');
		expect(formatDateTime(at)).toBe('22:07 05/01/2026');
	});

	it('puts an instant on the Hanoi calendar day', () => {
		expect(dayKey(new Date('2026-01-05T16:59:59.000Z'))).toBe('2026-01-05');
		expect(dayKey(new Date('2026-01-05T17:00:00.000Z'))).toBe('2026-01-06');
	});

	it('writes decimals with a comma', () => {
		expect(formatDecimal(24.14)).toBe('24,1');
		expect(formatDecimal(3)).toBe('3');
	});

	it('groups thousands with a dot', () => {
		expect(formatCount(1234567)).toBe('1.234.567');
		expect(formatCount(0)).toBe('0');
	});
});

const hanoi = (iso: string) => new Date(`${iso}+07:00`);

describe('nextReportSlot (06:00, 12:00, 18:00 Hanoi)', () => {
	it('gives the next slot the same day', () => {
		expect(nextReportSlot(hanoi('2026-11-22T07:30:00'))).toEqual(hanoi('2026-11-22T12:00:00'));
		expect(nextReportSlot(hanoi('2026-11-22T00:00:00'))).toEqual(hanoi('2026-11-22T06:00:00'));
	});

	it('a slot exactly now is past: the next one follows', () => {
		expect(nextReportSlot(hanoi('2026-11-22T12:00:00'))).toEqual(hanoi('2026-11-22T18:00:00'));
	});

	it('crosses the day, month and year boundary after 18:00', () => {
		expect(nextReportSlot(hanoi('2026-12-31T18:00:01'))).toEqual(hanoi('2027-01-01T06:00:00'));
	});

	it('accepts configured slots in any order', () => {
		expect(nextReportSlot(hanoi('2026-11-22T09:00:00'), ['20:00', '08:30'])).toEqual(hanoi('2026-11-22T20:00:00'));
	});
});

describe('report slots: parsing, listing, previous', () => {
	it('parses the configured slots, sorted, without repeats; seconds allowed for short test schedules', () => {
		expect(parseSlots('18:00, 06:00,12:00,06:00')).toEqual(['06:00', '12:00', '18:00']);
		expect(parseSlots('09:15:30,09:15:05')).toEqual(['09:15:05', '09:15:30']);
		expect(parseSlots('09:15:00')).toEqual(['09:15']);
		expect(() => parseSlots('')).toThrow(/at least one/);
		expect(() => parseSlots('6:00')).toThrow(/"6:00"/);
		expect(() => parseSlots('24:00')).toThrow(/"24:00"/);
		expect(() => parseSlots('12:60')).toThrow(/"12:60"/);
	});

	it('lists the slots between two instants across day and year boundaries, whatever TZ the process has', () => {
		const from = hanoi('2026-12-31T12:00:00');
		const to = hanoi('2027-01-01T12:00:00');
		// (from, to]: 12:00 on the 31st excluded, 12:00 on the 1st included
		expect(slotsBetween(from, to).map((d) => d.toISOString())).toEqual([
			hanoi('2026-12-31T18:00:00').toISOString(),
			hanoi('2027-01-01T06:00:00').toISOString(),
			hanoi('2027-01-01T12:00:00').toISOString()
		]);
		expect(slotsBetween(to, from)).toEqual([]);
		// 06:00 Hanoi is 23:00 UTC the day before
		expect(slotInstant('2026-11-22', '06:00').toISOString()).toBe('2026-11-21T23:00:00.000Z');
	});

	it('previousReportSlot is the latest slot at or before the instant', () => {
		expect(previousReportSlot(hanoi('2026-11-22T12:00:00'))).toEqual(hanoi('2026-11-22T12:00:00'));
		expect(previousReportSlot(hanoi('2026-11-22T11:59:59'))).toEqual(hanoi('2026-11-22T06:00:00'));
		expect(previousReportSlot(hanoi('2026-11-22T05:00:00'))).toEqual(hanoi('2026-11-21T18:00:00'));
		expect(previousReportSlot(hanoi('2027-01-01T01:00:00'))).toEqual(hanoi('2026-12-31T18:00:00'));
	});
});

describe('time left until the next report', () => {
	it('is HH:mm, rounded up to the minute, never negative', () => {
		const at = new Date('2026-11-22T03:44:30.000Z');
		expect(formatRemaining(at, new Date('2026-11-22T05:00:00.000Z'))).toBe('01:16');
		expect(formatRemaining(at, new Date('2026-11-22T03:44:31.000Z'))).toBe('00:01');
		expect(formatRemaining(at, at)).toBe('00:00');
		expect(formatRemaining(at, new Date('2026-11-22T03:00:00.000Z'))).toBe('00:00');
	});
});
