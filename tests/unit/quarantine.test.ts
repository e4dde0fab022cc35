import { describe, expect, it } from 'vitest';
import {
	FACILITY_STATUSES,
	allowedNext,
	applyMovement,
	bedSummary,
	checkTransition,
	occupancyLevel,
	occupancyRate,
	type FacilityStatus
} from '../../src/lib/domain/quarantine.ts';

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

describe('bedSummary: quarantine beds are only those receiving F1', () => {
	const district = [
		{ capacity: 250, occupied: 200, status: 'operating' },
		{ capacity: 200, occupied: 0, status: 'ready' },
		{ capacity: 300, occupied: 0, status: 'preparing' },
		{ capacity: 320, occupied: 250, status: 'treating_f0' },
		{ capacity: 80, occupied: 0, status: 'closed' }
	] as const;
	it('counts ready + operating as quarantine, preparing apart, treating F0 on its own line, closed nowhere', () => {
		expect(bedSummary(district)).toEqual({
			quarantine: { capacity: 450, occupied: 200, free: 250, preparing: 300 },
			treatingF0: { capacity: 320, occupied: 250, free: 70 }
		});
	});
	it('free quarantine beds = Σ (capacity − occupied) over ready and operating, whatever else there is', () => {
		const receiving = district.filter((f) => f.status === 'ready' || f.status === 'operating');
		expect(bedSummary(district).quarantine.free).toBe(receiving.reduce((s, f) => s + f.capacity - f.occupied, 0));
	});
	it('converting a facility takes exactly its free beds out of the quarantine line', () => {
		const before = [
			{ capacity: 250, occupied: 186, status: 'operating' as FacilityStatus },
			{ capacity: 300, occupied: 241, status: 'operating' as FacilityStatus },
			{ capacity: 200, occupied: 0, status: 'ready' as FacilityStatus }
		];
		const after = before.map((f, i) => (i === 1 ? { ...f, status: 'treating_f0' as FacilityStatus } : f));
		expect(bedSummary(before).quarantine.free - bedSummary(after).quarantine.free).toBe(59);
		expect(bedSummary(after).treatingF0).toEqual({ capacity: 300, occupied: 241, free: 59 });
		expect(bedSummary(before).treatingF0).toEqual({ capacity: 0, occupied: 0, free: 0 });
	});
	it('an empty district has zeros, not NaN', () => {
		expect(bedSummary([])).toEqual({ quarantine: { capacity: 0, occupied: 0, free: 0, preparing: 0 }, treatingF0: { capacity: 0, occupied: 0, free: 0 } });
	});
});

describe('checkTransition: the facility state machine', () => {
	const acceptance = { inspectedBy: 'Tổ nghiệm thu quận', inspectedAt: '2021-08-01T09:00:00+07:00', note: null };
	const base = { occupied: 0, mayConvert: false, decisionRef: null, acceptance: null };
	const district = { ...base, mayConvert: true, decisionRef: 'QĐ 1234/QĐ-UBND' };

	it('preparing → ready needs an acceptance inspection', () => {
		expect(checkTransition('preparing', 'ready', base)).toEqual({ ok: false, refusal: { code: 'acceptance_required' } });
		expect(checkTransition('preparing', 'ready', { ...base, acceptance })).toEqual({ ok: true });
	});
	it('ready ⇄ operating, freely', () => {
		expect(checkTransition('ready', 'operating', { ...base, occupied: 10 })).toEqual({ ok: true });
		expect(checkTransition('operating', 'ready', { ...base, occupied: 10 })).toEqual({ ok: true });
	});
	it('ready/operating → treating F0 needs a district-wide role, then a decision number', () => {
		for (const from of ['ready', 'operating'] as const) {
			expect(checkTransition(from, 'treating_f0', { ...base, decisionRef: 'QĐ 1' })).toEqual({ ok: false, refusal: { code: 'district_role_required' } });
			expect(checkTransition(from, 'treating_f0', { ...base, mayConvert: true })).toEqual({ ok: false, refusal: { code: 'decision_required' } });
			expect(checkTransition(from, 'treating_f0', { ...district, occupied: 241 })).toEqual({ ok: true });
		}
	});
	it('treating F0 → operating ends the conversion: district role and a decision again', () => {
		expect(checkTransition('treating_f0', 'operating', { ...base, decisionRef: 'QĐ 2' })).toEqual({ ok: false, refusal: { code: 'district_role_required' } });
		expect(checkTransition('treating_f0', 'operating', { ...base, mayConvert: true })).toEqual({ ok: false, refusal: { code: 'decision_required' } });
		expect(checkTransition('treating_f0', 'operating', { ...district, occupied: 5 })).toEqual({ ok: true });
	});
	it('an occupied facility never goes to preparing or closed; an empty one may', () => {
		for (const from of ['ready', 'operating'] as const) {
			expect(checkTransition(from, 'preparing', { ...base, occupied: 610 })).toEqual({ ok: false, refusal: { code: 'facility_not_empty', occupied: 610 } });
			expect(checkTransition(from, 'closed', { ...base, occupied: 1 })).toEqual({ ok: false, refusal: { code: 'facility_not_empty', occupied: 1 } });
			expect(checkTransition(from, 'preparing', base)).toEqual({ ok: true });
			expect(checkTransition(from, 'closed', base)).toEqual({ ok: true });
		}
		// Leaving treating F0, even to close, ends the conversion: the district's, with a decision.
		expect(checkTransition('treating_f0', 'closed', base)).toEqual({ ok: false, refusal: { code: 'district_role_required' } });
		expect(checkTransition('treating_f0', 'closed', { ...district, occupied: 3 })).toEqual({ ok: false, refusal: { code: 'facility_not_empty', occupied: 3 } });
		expect(checkTransition('treating_f0', 'closed', district)).toEqual({ ok: true });
		expect(checkTransition('preparing', 'closed', base)).toEqual({ ok: true });
	});
	it('a closed site reopens only by being prepared again', () => {
		expect(checkTransition('closed', 'preparing', base)).toEqual({ ok: true });
		for (const to of ['ready', 'operating', 'treating_f0'] as const)
			expect(checkTransition('closed', to, { ...district, acceptance })).toEqual({
				ok: false,
				refusal: { code: 'transition_not_allowed', from: 'closed', to }
			});
	});
	it('no shortcut: preparing cannot go straight to operating or treating F0, treating F0 not to ready or preparing', () => {
		expect(checkTransition('preparing', 'operating', { ...base, acceptance })).toEqual({
			ok: false,
			refusal: { code: 'transition_not_allowed', from: 'preparing', to: 'operating' }
		});
		expect(checkTransition('preparing', 'treating_f0', { ...district, acceptance })).toEqual({
			ok: false,
			refusal: { code: 'transition_not_allowed', from: 'preparing', to: 'treating_f0' }
		});
		expect(checkTransition('treating_f0', 'ready', district)).toEqual({
			ok: false,
			refusal: { code: 'transition_not_allowed', from: 'treating_f0', to: 'ready' }
		});
		expect(checkTransition('treating_f0', 'preparing', district)).toEqual({
			ok: false,
			refusal: { code: 'transition_not_allowed', from: 'treating_f0', to: 'preparing' }
		});
	});
	it('the same status is not a change', () => {
		for (const s of FACILITY_STATUSES)
			expect(checkTransition(s, s, { ...district, acceptance })).toEqual({ ok: false, refusal: { code: 'same_status', status: s } });
	});
	it('every status can leave (no dead end) and allowedNext lists exactly what checkTransition can accept', () => {
		const all = { occupied: 0, mayConvert: true, decisionRef: 'QĐ', acceptance };
		for (const from of FACILITY_STATUSES) {
			expect(allowedNext(from).length).toBeGreaterThan(0);
			const accepted = FACILITY_STATUSES.filter((to) => checkTransition(from, to, all).ok);
			expect(accepted).toEqual([...allowedNext(from)].sort((a, b) => FACILITY_STATUSES.indexOf(a) - FACILITY_STATUSES.indexOf(b)));
		}
	});
});

describe('applyMovement by status', () => {
	it('a closed facility takes no admissions and no capacity change', () => {
		expect(applyMovement({ capacity: 100, occupied: 0 }, 'closed', 'admission', 1)).toEqual({
			ok: false,
			refusal: { code: 'not_receiving', status: 'closed' }
		});
		expect(applyMovement({ capacity: 100, occupied: 0 }, 'closed', 'capacity', 50)).toEqual({
			ok: false,
			refusal: { code: 'not_receiving', status: 'closed' }
		});
	});
	it('a facility treating F0 admits patients into its own beds', () => {
		expect(applyMovement({ capacity: 300, occupied: 241 }, 'treating_f0', 'admission', 59)).toEqual({ ok: true, beds: { capacity: 300, occupied: 300 } });
	});
});
