import { describe, expect, it } from 'vitest';
import {
	blockadeSimFrom,
	maybeOpenBlockade,
	nextBedMovement,
	nextBlockadeAction,
	nextStockMovement,
	nextWardReport,
	nextZone,
	seededRandom,
	shiftRoster,
	startWard,
	wardSimFrom,
	type BlockadeSim,
	type WardSim
} from '../../src/lib/domain/simulation.ts';
import { caseReportRuleErrors, CASE_COUNT_FIELDS, DAY_FIELDS } from '../../src/lib/domain/cases.ts';
import { checkRound, type Blockade } from '../../src/lib/domain/blockade.ts';
import { applyMovement } from '../../src/lib/domain/quarantine.ts';
import { takeOut } from '../../src/lib/domain/stock.ts';
import { dayKey } from '../../src/lib/domain/time.ts';

const LEVELS = ['green', 'orange', 'red'] as const;
const START = new Date('2021-08-20T00:10:00+07:00');
const minutes = (n: number) => n * 60_000;

/** Two weeks of one ward's reports every 30 minutes. */
function fortnight(seed: number, from: WardSim | null = null) {
	const rnd = seededRandom(seed);
	let sim = from;
	const out: Array<{ at: Date; report: ReturnType<typeof nextWardReport>['report'] }> = [];
	for (let i = 0; i < 14 * 48; i++) {
		const at = new Date(START.getTime() + minutes(30 * i));
		const step = nextWardReport(rnd, sim, at, { activityMinutes: 30, processMinutes: 30 }, LEVELS);
		sim = step.sim;
		out.push({ at, report: step.report });
	}
	return out;
}

describe('the seeded random source', () => {
	it('repeats a run for the same seed, differs for another, stays in [0, 1)', () => {
		const a = seededRandom(42);
		const b = seededRandom(42);
		const c = seededRandom(43);
		const xs = Array.from({ length: 1000 }, () => a());
		expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
		expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
		expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
	});
});

describe('a ward’s simulated reports', () => {
	it('two weeks every 30 min: never negative, positives ≤ samples, a level of the scheme', () => {
		for (const seed of [1, 2, 3]) {
			for (const { report } of fortnight(seed)) {
				for (const f of CASE_COUNT_FIELDS) expect(Number.isInteger(report[f]) && report[f] >= 0).toBe(true);
				expect(caseReportRuleErrors(report)).toEqual([]);
				expect(LEVELS).toContain(report.zone);
			}
		}
	});

	it('day figures grow through a local day and start again after midnight (Asia/Ho_Chi_Minh)', () => {
		const run = fortnight(7);
		for (let i = 1; i < run.length; i++) {
			const [a, b] = [run[i - 1]!, run[i]!];
			if (dayKey(a.at) === dayKey(b.at)) for (const f of DAY_FIELDS) expect(b.report[f]).toBeGreaterThanOrEqual(a.report[f]);
		}
		// 00:10 local is the first report of a day: nothing counted yet but its first half hour.
		const firsts = run.filter((r, i) => i > 0 && dayKey(r.at) !== dayKey(run[i - 1]!.at));
		expect(firsts.length).toBe(13);
		for (const r of firsts) expect(r.report.samplesTested).toBeLessThan(200);
		// A full day of testing and vaccination is of the order the directives speak of.
		const lastOfDay = run.filter((r, i) => i + 1 < run.length && dayKey(r.at) !== dayKey(run[i + 1]!.at));
		for (const r of lastOfDay) {
			expect(r.report.samplesTested).toBeGreaterThan(150);
			expect(r.report.vaccineDoses).toBeGreaterThan(400);
		}
	});

	it('testing and vaccination happen by day: little at night', () => {
		const run = fortnight(11);
		const night = run.filter((r, i) => i > 0 && dayKey(r.at) === dayKey(run[i - 1]!.at) && /T(1[7-9]|2[0-2]):/.test(r.at.toISOString()));
		// 17:00–22:59 UTC = 00:00–05:59 local.
		for (const r of night) {
			const prev = run[run.indexOf(r) - 1]!;
			expect(r.report.vaccineDoses - prev.report.vaccineDoses).toBeLessThan(30);
		}
	});

	it('zones change a few times in a fortnight, more often for the better', () => {
		let better = 0;
		let worse = 0;
		for (let seed = 1; seed <= 40; seed++) {
			const run = fortnight(seed);
			let changes = 0;
			for (let i = 1; i < run.length; i++) {
				const d = LEVELS.indexOf(run[i]!.report.zone as never) - LEVELS.indexOf(run[i - 1]!.report.zone as never);
				if (d !== 0) changes++;
				if (d < 0) better++;
				if (d > 0) worse++;
				expect(Math.abs(d)).toBeLessThanOrEqual(1);
			}
			expect(changes).toBeLessThanOrEqual(12);
		}
		expect(better + worse).toBeGreaterThan(40);
		expect(better).toBeGreaterThan(worse);
		expect(worse).toBeGreaterThan(0);
	});

	it('a zone does not change in no time, and a one-level scheme never changes', () => {
		const rnd = seededRandom(5);
		for (let i = 0; i < 1000; i++) expect(nextZone(rnd, 'red', LEVELS, 0)).toBe('red');
		for (let i = 0; i < 100; i++) expect(nextZone(rnd, 'only', ['only'], 10_000)).toBe('only');
	});

	it('more new F0 in a red ward than in a green one', () => {
		const total = (zone: string) => {
			const rnd = seededRandom(9);
			let n = 0;
			for (let d = 0; d < 200; d++) {
				const at = new Date(START.getTime() + d * 86_400_000 + minutes(600));
				const sim: WardSim = { ...startWard(rnd, LEVELS, at), zone, day: 'other' };
				const r = nextWardReport(rnd, sim, at, { activityMinutes: 1440, processMinutes: 0 }, LEVELS).report;
				n += r.f0NewCommunity + r.f0NewQuarantine;
			}
			return n;
		};
		expect(total('red')).toBeGreaterThan(3 * total('green'));
	});

	it('picks up from a stored report: the same day keeps its running totals', () => {
		const at = new Date('2021-08-20T10:00:00+07:00');
		const stored = {
			f0NewCommunity: 2,
			f0NewQuarantine: 3,
			f0Active: 40,
			f1Traced: 30,
			f1Quarantined: 200,
			f2: 300,
			samplesTested: 900,
			positives: 5,
			vaccineDoses: 700,
			zone: 'orange',
			at
		};
		const sim = wardSimFrom(stored);
		const { zone: _z, at: _at, ...counts } = stored;
		expect(sim).toEqual({ counts, zone: 'orange', day: '2021-08-20' });
		const next = nextWardReport(seededRandom(1), sim, new Date(at.getTime() + minutes(30)), { activityMinutes: 30, processMinutes: 0 }, LEVELS).report;
		expect(next.samplesTested).toBeGreaterThanOrEqual(900);
		expect(next.zone).toBe('orange');
		const tomorrow = nextWardReport(seededRandom(1), sim, new Date('2021-08-21T00:05:00+07:00'), { activityMinutes: 5, processMinutes: 0 }, LEVELS).report;
		expect(tomorrow.samplesTested).toBeLessThan(900);
	});
});

/** A blockade as the domain sees it, from the simulator's rounds. */
function asBlockade(startedAt: Date, rounds: Array<{ round: number; of: number; date: string; samples: number; positives: number }>): Blockade {
	return {
		id: 1,
		wardCode: 'kim-ma',
		name: 'x',
		address: null,
		zone: 'red',
		startedAt: startedAt.toISOString(),
		people: 300,
		households: 90,
		rounds: rounds.map((r) => ({ ...r, recordedBy: 's', recordedAt: startedAt.toISOString() })),
		liftedAt: null,
		liftedBy: null,
		liftReference: null,
		liftNote: null,
		createdBy: 's',
		updatedAt: startedAt.toISOString()
	};
}

describe('simulated blockades', () => {
	it('open only in the two most severe zones, and never beside an active one in the same ward', () => {
		const rnd = seededRandom(3);
		const opened = (zone: string, active = 0) => {
			let n = 0;
			for (let i = 0; i < 2000; i++) if (maybeOpenBlockade(rnd, { zone, activeBlockades: active }, LEVELS, 30)) n++;
			return n;
		};
		expect(opened('green')).toBe(0);
		expect(opened('red', 1)).toBe(0);
		const red = opened('red');
		const orange = opened('orange');
		expect(red).toBeGreaterThan(orange);
		expect(orange).toBeGreaterThan(0);
		for (let i = 0; i < 500; i++) {
			const o = maybeOpenBlockade(rnd, { zone: 'red', activeBlockades: 0 }, LEVELS, 1440 * 10);
			if (o) expect(o.households).toBeLessThanOrEqual(o.people);
		}
	});

	it('rounds every couple of days, each one the domain accepts, lifted after a negative last round', () => {
		for (let seed = 1; seed <= 30; seed++) {
			const rnd = seededRandom(seed);
			const startedAt = START;
			let open: ReturnType<typeof maybeOpenBlockade> = null;
			while (!open) open = maybeOpenBlockade(rnd, { zone: 'red', activeBlockades: 0 }, LEVELS, 1440);
			let sim: BlockadeSim = open.sim;
			const rounds: Array<{ round: number; of: number; date: string; samples: number; positives: number; at: number }> = [];
			let lifted: number | null = null;
			for (let t = 30; t < 40 * 1440 && lifted === null; t += 30) {
				const now = new Date(startedAt.getTime() + minutes(t));
				const step = nextBlockadeAction(rnd, sim, 30);
				sim = step.sim;
				if (step.action.kind === 'round') {
					const { kind: _k, ...r } = step.action;
					const round = { ...r, date: dayKey(now) };
					expect(checkRound(asBlockade(startedAt, rounds), round, now)).toBeNull();
					rounds.push({ ...round, at: t });
				} else if (step.action.kind === 'lift') lifted = t;
			}
			expect(lifted).not.toBeNull();
			const last = rounds.at(-1)!;
			expect(last.positives).toBe(0);
			expect(last.round).toBe(last.of);
			expect(last.round).toBeGreaterThanOrEqual(3);
			expect(rounds[0]!.at).toBeLessThanOrEqual(18 * 60);
			for (let i = 1; i < rounds.length; i++) {
				const gap = rounds[i]!.at - rounds[i - 1]!.at;
				expect(gap).toBeGreaterThanOrEqual(1.5 * 1440);
				expect(gap).toBeLessThanOrEqual(2.5 * 1440);
			}
		}
	});

	it('picks up a stored blockade: the next round follows its last, a finished negative plan is lifted', () => {
		const going = blockadeSimFrom({ people: 200, rounds: [{ round: 1, of: 3, positives: 2 }] });
		expect(going).toMatchObject({ rounds: 1, of: 3, lastPositives: 2 });
		const rnd = seededRandom(1);
		let sim = going;
		let action = nextBlockadeAction(rnd, sim, 0).action;
		for (let i = 0; action.kind === 'none' && i < 500; i++) ({ sim, action } = nextBlockadeAction(rnd, sim, 30));
		expect(action).toMatchObject({ kind: 'round', round: 2 });
		const done = blockadeSimFrom({ people: 200, rounds: [{ round: 3, of: 3, positives: 0 }] });
		let a = nextBlockadeAction(rnd, done, 0);
		for (let i = 0; a.action.kind === 'none' && i < 500; i++) a = nextBlockadeAction(rnd, a.sim, 30);
		expect(a.action.kind).toBe('lift');
	});
});

describe('simulated beds, stock and shifts', () => {
	it('1.000 bed movements: every one accepted by the occupancy rule', () => {
		const rnd = seededRandom(7);
		let beds = { capacity: 50, occupied: 45 };
		for (let i = 0; i < 1000; i++) {
			const m = nextBedMovement(rnd, beds);
			if (!m) continue;
			const r = applyMovement(beds, 'operating', m.kind, m.amount);
			expect(r.ok).toBe(true);
			if (r.ok) beds = r.beds;
		}
	});

	it('1.000 stock movements from an empty line: issues never exceed what is on hand, deliveries when low', () => {
		const rnd = seededRandom(8);
		let onHand = 0;
		let receipts = 0;
		for (let i = 0; i < 1000; i++) {
			const m = nextStockMovement(rnd, onHand, 90);
			if (!m) continue;
			if (m.kind === 'issue') {
				const r = takeOut(onHand, m.quantity);
				expect(r.ok).toBe(true);
				onHand -= m.quantity;
			} else {
				receipts++;
				onHand += m.quantity;
			}
		}
		expect(receipts).toBeGreaterThan(10);
		expect(nextStockMovement(rnd, 0, 90)!.kind).toBe('receipt');
	});

	it('a shift’s roster: the required forces, at most one short, the same keys every day, valid ID shapes', () => {
		const required = { police: 2, militia: 1, civil_defence: 2 };
		const rnd = seededRandom(4);
		let short = 0;
		for (let i = 0; i < 200; i++) {
			const r = shiftRoster(rnd, required, 3, 2);
			expect(r.length === 5 || r.length === 4).toBe(true);
			if (r.length === 4) short++;
			for (const p of r) expect(p.personKey).toMatch(/^[A-Z0-9]{6,20}$/);
		}
		expect(short).toBeGreaterThan(0);
		const full = (cp: number, shift: number) => shiftRoster(() => 0.99, required, cp, shift).map((p) => p.personKey);
		expect(full(3, 2)).toEqual(full(3, 2));
		expect(new Set([...full(3, 1), ...full(3, 2), ...full(3, 3), ...full(4, 1)]).size).toBe(20);
	});
});
