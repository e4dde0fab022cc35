/**
 * Plausible next figures for the demo simulator: small random walks around a ward's last report,
 * always valid under the domain's rules (never negative, positives ≤ samples). Pure: the random
 * source is injected so tests are deterministic.
 */
import type { CaseCounts } from './cases.ts';

export type Random = () => number;

const step = (rnd: Random, n: number, spread: number) => Math.max(0, Math.round(n + (rnd() - 0.5) * 2 * spread));

/** The next report of a ward: a step from the last one (or a fresh start), zone following active F0. */
export function nextCaseFigures(rnd: Random, last: CaseCounts | null, zoneLevels: readonly string[]): CaseCounts & { zone: string } {
	const base: CaseCounts = last ?? {
		f0NewCommunity: 0,
		f0NewQuarantine: 0,
		f0Active: Math.round(rnd() * 40),
		f1Traced: 0,
		f1Quarantined: Math.round(rnd() * 200),
		f2: Math.round(rnd() * 400),
		samplesTested: 0,
		positives: 0,
		vaccineDoses: 0
	};
	const f0NewCommunity = step(rnd, base.f0NewCommunity, 2);
	const f0NewQuarantine = step(rnd, base.f0NewQuarantine, 3);
	const samplesTested = step(rnd, Math.max(base.samplesTested, 300), 150);
	const f0Active = Math.max(f0NewCommunity + f0NewQuarantine, step(rnd, base.f0Active, 4));
	const next: CaseCounts = {
		f0NewCommunity,
		f0NewQuarantine,
		f0Active,
		f1Traced: step(rnd, base.f1Traced, 10),
		f1Quarantined: step(rnd, base.f1Quarantined, 15),
		f2: step(rnd, base.f2, 25),
		samplesTested,
		positives: Math.min(samplesTested, f0NewCommunity + f0NewQuarantine + Math.round(rnd() * 3)),
		vaccineDoses: step(rnd, Math.max(base.vaccineDoses, 500), 200)
	};
	// More active cases, a more severe zone: green < 10, then by thirds of the remaining scale.
	const levels = zoneLevels.length;
	const index = f0Active < 10 ? 0 : Math.min(levels - 1, 1 + Math.floor((f0Active - 10) / 20));
	return { ...next, zone: zoneLevels[index] ?? zoneLevels[0]! };
}

/** An admission or discharge that keeps the facility within its beds (null when nothing fits). */
export function nextBedMovement(rnd: Random, beds: { capacity: number; occupied: number }): { kind: 'admission' | 'discharge'; amount: number } | null {
	const free = beds.capacity - beds.occupied;
	const admit = rnd() < 0.55;
	if (admit && free > 0) return { kind: 'admission', amount: 1 + Math.floor(rnd() * Math.min(8, free)) };
	if (beds.occupied > 0) return { kind: 'discharge', amount: 1 + Math.floor(rnd() * Math.min(6, beds.occupied)) };
	if (free > 0) return { kind: 'admission', amount: 1 };
	return null;
}
