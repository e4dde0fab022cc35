import { describe, expect, it } from 'vitest';
import { dayKey, formatCount, formatDate, formatDateTime, formatDecimal, formatTime } from '../../src/lib/domain/time.ts';
import { nextReportSlot } from '../../src/lib/domain/schedule.ts';

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

describe('nextReportSlot (06:00, 12:00, 18:00 Hanoi)', () => {
	const hanoi = (iso: string) => new Date(`${iso}+07:00`);

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
