import { describe, expect, it } from 'vitest';
import { applyMovement, bedTotals, occupancyLevel, occupancyRate } from '../../src/lib/domain/quarantine.ts';

describe('applyMovement: occupancy never below zero or above capacity', () => {
	const beds = { capacity: 250, occupied: 240 };
	it('admits up to the free beds, refuses beyond and says how many are free', () => {
		expect(applyMovement(beds, 'operating', 'admission', 10)).toEqual({ ok: true, beds: { capacity: 250, occupied: 250 } });
		expect(applyMovement(beds, 'operating', 'admission', 11)).toEqual({ ok: false, refusal: { code: 'over_capacity', free: 10 } });
	});
	it('discharges down to zero, refuses beyond', () => {
		expect(applyMovement(beds, 'operating', 'discharge', 240)).toEqual({ ok: true, beds: { capacity: 250, occupied: 0 } });
		expect(applyMovement(beds, 'operating', 'discharge', 241)).toEqual({ ok: false, refusal: { code: 'below_zero', occupied: 240 } });
	});
	it('capacity can grow or shrink, never below the people already there', () => {
		expect(applyMovement(beds, 'operating', 'capacity', 300)).toEqual({ ok: true, beds: { capacity: 300, occupied: 240 } });
		expect(applyMovement(beds, 'operating', 'capacity', 240)).toEqual({ ok: true, beds: { capacity: 240, occupied: 240 } });
		expect(applyMovement(beds, 'operating', 'capacity', 239)).toEqual({ ok: false, refusal: { code: 'capacity_below_occupied', occupied: 240 } });
	});
	it('a site being prepared takes no admissions (it may still set its capacity)', () => {
		expect(applyMovement({ capacity: 100, occupied: 0 }, 'preparing', 'admission', 1)).toEqual({
			ok: false,
			refusal: { code: 'not_receiving', status: 'preparing' }
		});
		expect(applyMovement({ capacity: 100, occupied: 0 }, 'preparing', 'capacity', 150).ok).toBe(true);
	});
});

describe('occupancy levels (85 % / 95 %)', () => {
	it.each([
		[84, 'normal'],
		[85, 'warn'],
		[94, 'warn'],
		[95, 'critical'],
		[100, 'critical']
	] as const)('%i of 100 → %s', (occupied, level) => {
		expect(occupancyLevel({ capacity: 100, occupied })).toBe(level);
	});
	it('no beds is not full', () => {
		expect(occupancyRate({ capacity: 0, occupied: 0 })).toBe(0);
		expect(occupancyLevel({ capacity: 0, occupied: 0 })).toBe('normal');
	});
});

describe('bedTotals', () => {
	it('counts beds in use separately from sites still being prepared', () => {
		expect(
			bedTotals([
				{ capacity: 250, occupied: 200, status: 'operating' },
				{ capacity: 300, occupied: 0, status: 'preparing' },
				{ capacity: 100, occupied: 10, status: 'treating_f0' }
			])
		).toEqual({ capacity: 350, occupied: 210, free: 140, preparingCapacity: 300 });
	});
});
