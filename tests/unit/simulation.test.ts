import { describe, expect, it } from 'vitest';
import { nextBedMovement, nextCaseFigures } from '../../src/lib/domain/simulation.ts';
import { caseReportRuleErrors } from '../../src/lib/domain/cases.ts';
import { applyMovement } from '../../src/lib/domain/quarantine.ts';

/** A small deterministic PRNG (mulberry32) so the walk is the same every run. */
function seeded(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

describe('simulated figures stay valid', () => {
	it('1.000 steps of case reports: never negative, positives ≤ samples, a configured zone', () => {
		const rnd = seeded(42);
		let last = null;
		for (let i = 0; i < 1000; i++) {
			const f = nextCaseFigures(rnd, last, ['green', 'orange', 'red']);
			for (const [k, v] of Object.entries(f)) if (k !== 'zone') expect(v as number).toBeGreaterThanOrEqual(0);
			expect(caseReportRuleErrors(f)).toEqual([]);
			expect(['green', 'orange', 'red']).toContain(f.zone);
			last = f;
		}
	});
	it('1.000 bed movements: every one accepted by the occupancy rule', () => {
		const rnd = seeded(7);
		let beds = { capacity: 50, occupied: 45 };
		for (let i = 0; i < 1000; i++) {
			const m = nextBedMovement(rnd, beds);
			if (!m) continue;
			const r = applyMovement(beds, 'operating', m.kind, m.amount);
			expect(r.ok).toBe(true);
			if (r.ok) beds = r.beds;
		}
	});
});
