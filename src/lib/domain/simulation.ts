/**
 * The demo simulator's decisions (`npm run simulate`, live and `--backfill`): what a ward reports
 * next, when its zone changes, when a blockade opens, is tested and lifted, how beds and stock
 * move. Pure: the random source and the time are given, so tests are deterministic and the live
 * and back-fill modes make the same kind of district. Every figure is valid under the domain's
 * rules (never negative, positives ≤ samples, a round after the last one, beds within capacity).
 *
 * Time: each step says how many minutes of district life it stands for. `activityMinutes` scales
 * the day figures (samples, doses, new F0 of the reporting day so far); `processMinutes` drives
 * the slow processes (a zone's change, a blockade's rounds). In the back-fill both are the
 * simulated minutes since the previous step; live, activity follows the real clock (the wall
 * compares "today" with the real day) while one report stands for one reporting interval of the
 * slow processes, so a demo sees zones and blockades move within the hour.
 */
import { CASE_COUNT_FIELDS, DAY_FIELDS, type CaseCounts } from './cases.ts';
import { dayKey, localParts } from './time.ts';

export type Random = () => number;

/** mulberry32: a small seeded generator, so `--seed n` (and the tests) repeat a run exactly. */
export function seededRandom(seed: number): Random {
	let s = seed | 0;
	return () => {
		s = (s + 0x6d2b79f5) | 0;
		let t = Math.imul(s ^ (s >>> 15), 1 | s);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** What the simulator writes into the data, so every reader knows it is simulated. */
export const SIMULATED = {
	note: 'Dữ liệu mô phỏng / simulated',
	reporter: 'Trình mô phỏng',
	/** Who the back-fill acts as: the system principal, named so the audit log and the reports say it. */
	backfillActor: 'Trình mô phỏng (dữ liệu quá khứ)',
	movementNote: 'Mô phỏng',
	supplier: 'Siêu thị (mô phỏng)',
	households: 'Hộ gia đình (mô phỏng)',
	liftNote: 'Gỡ phong tỏa sau lần xét nghiệm âm tính (mô phỏng)',
	personName: (n: number) => `Cán bộ mô phỏng ${n}`,
	blockadeName: (n: number) => `Khu dân cư tổ ${n} (mô phỏng)`,
	blockadeAddress: (n: number, wardName: string) => `Tổ dân phố ${n}, phường ${wardName}`,
	liftReference: (n: number) => `QĐ ${n}/QĐ-UBND (mô phỏng)`
} as const;

const DAY_MINUTES = 24 * 60;

/** A whole number whose mean is `x`: the fraction becomes one more with that probability. */
const roundRandom = (rnd: Random, x: number) => Math.floor(x) + (rnd() < x - Math.floor(x) ? 1 : 0);
/** About `expected`, between half and one and a half of it. */
const about = (rnd: Random, expected: number) => roundRandom(rnd, Math.max(0, expected) * (0.5 + rnd()));
/** The probability that an event with `perDay` expected occurrences a day happens within `minutes`. */
const chance = (perDay: number, minutes: number) => 1 - Math.exp((-perDay * minutes) / DAY_MINUTES);

/** 0 for the least severe zone, 1 for the most severe. */
function severity(zone: string, levels: readonly string[]): number {
	const i = levels.indexOf(zone);
	return levels.length <= 1 ? 0 : Math.max(0, i) / (levels.length - 1);
}

/**
 * How much of a day's testing or vaccination falls in this local hour: sites work 07:00–20:00,
 * a little at night (samples from quarantine sites). Averages 1 over a day.
 */
function daytime(at: Date): number {
	const h = Number(localParts(at).hour);
	return h >= 7 && h < 20 ? 1.76 : 0.1;
}

/** Per day in a ward, by zone severity s (0 green … 1 red): the 2021 waves' orders of magnitude. */
const rates = (s: number) => ({
	f0Community: 0.1 + 1.9 * s * s,
	f0Quarantine: 0.3 + 2.7 * s,
	samples: 400 + 2600 * s,
	doses: 1200,
	/** F1 traced per new F0. */
	f1PerF0: 8 + 7 * s
});

/** A ward as the simulator carries it from one report to the next. */
export interface WardSim {
	counts: CaseCounts;
	zone: string;
	/** The reporting day (yyyy-MM-dd, Asia/Ho_Chi_Minh) the day figures belong to. */
	day: string;
}

/** Picks up from a ward's last stored report (live mode after a restart, or after a back-fill). */
export function wardSimFrom(last: CaseCounts & { zone: string; at: Date }): WardSim {
	const counts = Object.fromEntries(CASE_COUNT_FIELDS.map((f) => [f, last[f]])) as CaseCounts;
	return { counts, zone: last.zone, day: dayKey(last.at) };
}

/** A ward never reported: mostly red or orange at the start of a wave, some green. */
export function startWard(rnd: Random, levels: readonly string[], at: Date): WardSim {
	const r = rnd();
	// Weighted towards the severe end: the back-fill starts in the thick of a wave and improves.
	const index = Math.min(levels.length - 1, Math.floor(Math.sqrt(r) * levels.length));
	const zone = levels[index] ?? levels[0]!;
	const k = rates(severity(zone, levels));
	const f0Active = about(rnd, 14 * (k.f0Community + k.f0Quarantine));
	const f1Quarantined = about(rnd, 14 * (k.f0Community + k.f0Quarantine) * k.f1PerF0 * 0.6);
	return {
		zone,
		day: dayKey(at),
		counts: {
			f0NewCommunity: 0,
			f0NewQuarantine: 0,
			f0Active,
			f1Traced: 0,
			f1Quarantined,
			f2: about(rnd, f1Quarantined * 1.5),
			samplesTested: 0,
			positives: 0,
			vaccineDoses: 0
		}
	};
}

/**
 * The zone after `minutes`: a red ward turns orange after about 4 days, an orange one green (or,
 * one time in four, back to red) after about 4 days, a green one slips back to orange after
 * about 12. So a fortnight sees two or three changes per ward, mostly for the better.
 */
export function nextZone(rnd: Random, zone: string, levels: readonly string[], minutes: number): string {
	const i = Math.max(0, levels.indexOf(zone));
	const top = levels.length - 1;
	if (top <= 0) return zone;
	const perDay = i === 0 ? 1 / 12 : 1 / 4;
	if (rnd() >= chance(perDay, minutes)) return zone;
	const worse = i === 0 || (i < top && rnd() < 0.25);
	return levels[worse ? i + 1 : i - 1]!;
}

export interface WardStep {
	sim: WardSim;
	report: CaseCounts & { zone: string };
}

/**
 * A ward's next report at `at`. Day figures are the running totals of the reporting day: they
 * start again from zero on the first report after local midnight (cases.ts semantics) and only
 * grow within a day; state figures move by admissions and recoveries.
 */
export function nextWardReport(
	rnd: Random,
	previous: WardSim | null,
	at: Date,
	step: { activityMinutes: number; processMinutes: number },
	levels: readonly string[]
): WardStep {
	const base = previous ?? startWard(rnd, levels, at);
	const zone = previous ? nextZone(rnd, base.zone, levels, step.processMinutes) : base.zone;
	const day = dayKey(at);
	const c: CaseCounts = { ...base.counts };
	if (day !== base.day) for (const f of DAY_FIELDS) c[f] = 0;
	const k = rates(severity(zone, levels));
	const share = Math.max(0, step.activityMinutes) / DAY_MINUTES;
	const community = about(rnd, k.f0Community * share);
	const quarantine = about(rnd, k.f0Quarantine * share);
	const traced = about(rnd, (community + quarantine) * k.f1PerF0 + k.f1PerF0 * 0.3 * share);
	const samples = Math.max(community + quarantine, about(rnd, k.samples * share * daytime(at)));
	c.f0NewCommunity += community;
	c.f0NewQuarantine += quarantine;
	c.f1Traced += traced;
	c.samplesTested += samples;
	// Every new F0 is a positive sample; a few positives are re-tests of known cases.
	c.positives = Math.min(c.samplesTested, c.positives + community + quarantine + (rnd() < 2 * share ? 1 : 0));
	c.vaccineDoses += about(rnd, k.doses * share * daytime(at));
	// Treatment ~14 days, F1 quarantine ~14 days, F2 followed ~7 days.
	c.f0Active = Math.max(0, c.f0Active + community + quarantine - roundRandom(rnd, (c.f0Active * share) / 14));
	c.f1Quarantined = Math.max(0, c.f1Quarantined + roundRandom(rnd, traced * 0.8) - roundRandom(rnd, (c.f1Quarantined * share) / 14));
	c.f2 = Math.max(0, c.f2 + roundRandom(rnd, traced * 1.5) - roundRandom(rnd, (c.f2 * share) / 7));
	// Where the testing/vaccination progress and the F1 flow of later issues plug in: they are
	// further figures of the same step, computed here from `k`, `share` and `at`.
	return { sim: { counts: c, zone, day }, report: { ...c, zone } };
}

// ── blockaded areas ──

/** A blockade as the simulator carries it: its rounds so far and what is due next. */
export interface BlockadeSim {
	people: number;
	/** Rounds recorded, and the rounds planned (the plan grows when the last one is positive). */
	rounds: number;
	of: number;
	lastPositives: number | null;
	/** Process minutes until the next round (or the lift, once the plan is done and negative). */
	dueIn: number;
}

/** Rounds a new blockade plans: the directives test a hot area two or three times. */
const PLANNED_ROUNDS = 3;
/** A blockade whose plan kept finding positives is negative by this round at the latest. */
const MAX_ROUNDS = 6;
/** A blockade is tested every couple of days (domain/blockade.ts: overdue after 3). */
const ROUND_EVERY_MINUTES = 2 * DAY_MINUTES;

/**
 * Whether a ward opens a blockade now: only in the two most severe zones, never while one of its
 * blockades is active, about once in four days in a red ward and once in twelve in an orange one.
 */
export function maybeOpenBlockade(
	rnd: Random,
	ward: { zone: string; activeBlockades: number },
	levels: readonly string[],
	minutes: number
): { people: number; households: number; sim: BlockadeSim } | null {
	const i = levels.indexOf(ward.zone);
	const top = levels.length - 1;
	if (ward.activeBlockades > 0 || top < 1 || i < top - 1 || i < 1) return null;
	if (rnd() >= chance(i === top ? 1 / 4 : 1 / 12, minutes)) return null;
	const people = 80 + Math.floor(rnd() * 720);
	const households = Math.max(1, Math.round(people / (2.8 + rnd())));
	// The first round the day after it closes (6–18 hours).
	return { people, households, sim: { people, rounds: 0, of: PLANNED_ROUNDS, lastPositives: null, dueIn: 360 + rnd() * 720 } };
}

/** Picks up an active blockade from the database (live mode after a restart, or after a back-fill). */
export function blockadeSimFrom(b: { people: number; rounds: ReadonlyArray<{ round: number; of: number; positives: number }> }): BlockadeSim {
	const last = b.rounds.reduce<{ round: number; of: number; positives: number } | null>((m, r) => (m === null || r.round > m.round ? r : m), null);
	const done = last !== null && last.round >= last.of && last.positives === 0;
	return {
		people: b.people,
		rounds: last?.round ?? 0,
		of: last?.of ?? PLANNED_ROUNDS,
		lastPositives: last?.positives ?? null,
		dueIn: done ? 360 : ROUND_EVERY_MINUTES / 2
	};
}

export type BlockadeAction = { kind: 'none' } | { kind: 'round'; round: number; of: number; samples: number; positives: number } | { kind: 'lift' };

/**
 * What happens to an active blockade after `minutes`: nothing, its next testing round (fewer
 * positives each time), or its lift some hours after the last planned round came back negative.
 * A positive last round adds one to the plan.
 */
export function nextBlockadeAction(rnd: Random, b: BlockadeSim, minutes: number): { sim: BlockadeSim; action: BlockadeAction } {
	const dueIn = b.dueIn - minutes;
	if (dueIn > 0) return { sim: { ...b, dueIn }, action: { kind: 'none' } };
	if (b.rounds >= b.of && b.lastPositives === 0) return { sim: { ...b, dueIn: Infinity }, action: { kind: 'lift' } };
	const round = b.rounds + 1;
	const samples = Math.max(1, Math.round(b.people * (0.9 + rnd() * 0.1)));
	const positive = round < MAX_ROUNDS && rnd() < 0.6 / round;
	const positives = positive ? Math.min(samples, 1 + Math.floor(rnd() * 4)) : 0;
	const of = round >= b.of && positives > 0 ? round + 1 : Math.max(b.of, round);
	const finished = round >= of && positives === 0;
	const next = finished ? 360 + rnd() * 1080 : ROUND_EVERY_MINUTES * (0.8 + rnd() * 0.4);
	return { sim: { ...b, rounds: round, of, lastPositives: positives, dueIn: next }, action: { kind: 'round', round, of, samples, positives } };
}

// ── checkpoints ──

/**
 * The people a checkpoint's shift checks in: its required staff by force, now and then one short
 * (the wall's staffing gap). The same people work the same shift every day, so their keys repeat
 * (6–20 letters and digits, the contract's ID-card shape) and are never on duty twice at once.
 */
export function shiftRoster(
	rnd: Random,
	required: Readonly<Record<string, number>>,
	checkpoint: number,
	shift: number
): Array<{ force: string; personKey: string; personName: string }> {
	const out: Array<{ force: string; personKey: string; personName: string }> = [];
	for (const [force, n] of Object.entries(required)) {
		for (let i = 0; i < n; i++) {
			const id = checkpoint * 1000 + shift * 100 + out.length;
			out.push({ force, personKey: `SIMB${String(id).padStart(6, '0')}`, personName: SIMULATED.personName(id) });
		}
	}
	if (out.length > 1 && rnd() < 0.12) out.splice(Math.floor(rnd() * out.length), 1);
	return out;
}

// ── quarantine and stock ──

/** An admission or discharge that keeps the facility within its beds (null when nothing fits). */
export function nextBedMovement(rnd: Random, beds: { capacity: number; occupied: number }): { kind: 'admission' | 'discharge'; amount: number } | null {
	const free = beds.capacity - beds.occupied;
	const admit = rnd() < 0.55;
	if (admit && free > 0) return { kind: 'admission', amount: 1 + Math.floor(rnd() * Math.min(8, free)) };
	if (beds.occupied > 0) return { kind: 'discharge', amount: 1 + Math.floor(rnd() * Math.min(6, beds.occupied)) };
	if (free > 0) return { kind: 'admission', amount: 1 };
	return null;
}

/**
 * A receipt or an issue of one item in one warehouse, `perDay` being its usual daily issue: an
 * issue of part of a day's needs, or a delivery of one to two weeks' when under four days are
 * left (or now and then anyway). Never more out than is on hand.
 */
export function nextStockMovement(rnd: Random, onHand: number, perDay: number): { kind: 'receipt' | 'issue'; quantity: number } | null {
	const daily = Math.max(1, perDay);
	if (onHand < daily * 4 || rnd() < 0.05) return { kind: 'receipt', quantity: Math.max(1, Math.round(daily * (7 + rnd() * 7))) };
	const quantity = Math.min(onHand, Math.max(1, Math.round(daily * (0.3 + rnd() * 0.4))));
	return quantity > 0 ? { kind: 'issue', quantity } : null;
}
