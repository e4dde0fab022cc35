/**
 * The demo simulator's decisions (`npm run simulate`, live and `--backfill`): what a ward reports
 * next, when its zone changes, when a blockade opens, is tested and lifted, when its traced F1 are
 * moved to quarantine and where (and when they go home), how stock moves. Pure: the random source and the time are given, so tests are deterministic and the live
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
import { receivesF1, type FacilityStatus, type PersonKind } from './quarantine.ts';
import { f1Waiting } from './f1-flow.ts';
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
const DAY_MS = 86_400_000;

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

/**
 * How much of a day's contact tracing falls in this local hour: the tracing teams work 07:00–21:00
 * and report what they traced by then, so a ward's F1 of the day are known in time to be moved
 * before midnight (domain/f1-flow: one traced yesterday and still waiting is an alert). Averages 1.
 */
function tracingHours(at: Date): number {
	const h = Number(localParts(at).hour);
	return h >= 7 && h < 21 ? 24 / 14 : 0;
}

/**
 * Per day in a ward, by zone severity s (0 green … 1 red). Sized so the district's F1 fit its
 * quarantine beds: every traced F1 is to be moved (domain/f1-flow) and stays about 14 days, so
 * the district's F1 a day × 14 must stay under the beds (Ba Đình's demo sites: 750) — a red
 * ward traces about 5 a day, an orange one about 2, a green one under 1.
 */
const rates = (s: number) => ({
	f0Community: 0.03 + 0.37 * s * s,
	f0Quarantine: 0.1 + 0.9 * s,
	samples: 400 + 2600 * s,
	/** Doses a day per inhabitant: red wards first (the 2021 campaigns' order), a few % of a full course a week. */
	dosesPerPerson: 0.012 + 0.008 * s,
	/** F1 traced per new F0 in the community; one found in quarantine has few contacts left outside. */
	f1PerCommunityF0: 7 + 5 * s,
	f1PerQuarantineF0: 0.5,
	/** F1 of F0 found elsewhere (other districts, workplaces) who live in the ward. */
	f1Elsewhere: 0.2 + 0.5 * s
});

/** A ward's population when the district file has none: about a Ba Đình ward's (8,700–24,000). */
const TYPICAL_WARD_POPULATION = 16_000;

/** F1 of a ward traced on `day` and not moved to quarantine yet. */
interface F1Backlog {
	day: string;
	n: number;
}

/** A ward as the simulator carries it from one report to the next. */
export interface WardSim {
	counts: CaseCounts;
	zone: string;
	/** The reporting day (yyyy-MM-dd, Asia/Ho_Chi_Minh) the day figures belong to. */
	day: string;
	/** Its traced F1 still waiting, oldest first: what its moving team works through. */
	waiting: F1Backlog[];
	/** Whether its moving team is behind today: today's F1 wait until tomorrow morning. */
	behind: boolean;
}

/** A ward's moving team falls a day behind about once in twenty days: the wall's occasional F1 alert. */
const BEHIND_PER_DAY = 1 / 20;

/**
 * Picks up from a ward's last stored report (live mode after a restart, or after a back-fill), with
 * its F1 waiting as domain/f1-flow counts them (all taken as traced on the oldest waiting day).
 */
export function wardSimFrom(last: CaseCounts & { zone: string; at: Date }, waiting: { waiting: number; since: string | null } | null = null): WardSim {
	const counts = Object.fromEntries(CASE_COUNT_FIELDS.map((f) => [f, last[f]])) as CaseCounts;
	const backlog = waiting && waiting.waiting > 0 ? [{ day: waiting.since ?? dayKey(last.at), n: waiting.waiting }] : [];
	return { counts, zone: last.zone, day: dayKey(last.at), waiting: backlog, behind: false };
}

/** A ward never reported: mostly red or orange at the start of a wave, some green. */
export function startWard(rnd: Random, levels: readonly string[], at: Date): WardSim {
	const r = rnd();
	// Weighted towards the severe end: the back-fill starts in the thick of a wave and improves.
	const index = Math.min(levels.length - 1, Math.floor(Math.sqrt(r) * levels.length));
	const zone = levels[index] ?? levels[0]!;
	const k = rates(severity(zone, levels));
	const f0Active = about(rnd, 14 * (k.f0Community + k.f0Quarantine));
	const f1Quarantined = about(rnd, 14 * f1PerDay(k));
	return {
		zone,
		day: dayKey(at),
		waiting: [],
		behind: false,
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

const f1PerDay = (k: ReturnType<typeof rates>) => k.f0Community * k.f1PerCommunityF0 + k.f0Quarantine * k.f1PerQuarantineF0 + k.f1Elsewhere;

export interface WardStep {
	sim: WardSim;
	report: CaseCounts & { zone: string };
	/** The new F0 of this step (community and in quarantine): those a facility treating F0 may admit. */
	newF0: number;
}

/**
 * A ward's next report at `at`. Day figures are the running totals of the reporting day: they
 * start again from zero on the first report after local midnight (cases.ts semantics) and only
 * grow within a day; state figures move by admissions and recoveries. The F1 traced join the
 * ward's backlog (`sim.waiting`) until `f1ToMove` moves them. `population` sizes the doses.
 */
export function nextWardReport(
	rnd: Random,
	previous: WardSim | null,
	at: Date,
	step: { activityMinutes: number; processMinutes: number },
	levels: readonly string[],
	population: number | null = null
): WardStep {
	const base = previous ?? startWard(rnd, levels, at);
	const zone = previous ? nextZone(rnd, base.zone, levels, step.processMinutes) : base.zone;
	const day = dayKey(at);
	const c: CaseCounts = { ...base.counts };
	const newDay = day !== base.day;
	if (newDay) for (const f of DAY_FIELDS) c[f] = 0;
	const behind = newDay ? rnd() < BEHIND_PER_DAY : base.behind;
	const k = rates(severity(zone, levels));
	const share = Math.max(0, step.activityMinutes) / DAY_MINUTES;
	const community = about(rnd, k.f0Community * share);
	const quarantine = about(rnd, k.f0Quarantine * share);
	const traced = about(rnd, f1PerDay(k) * share * tracingHours(at));
	const samples = Math.max(community + quarantine, about(rnd, k.samples * share * daytime(at)));
	c.f0NewCommunity += community;
	c.f0NewQuarantine += quarantine;
	c.f1Traced += traced;
	c.samplesTested += samples;
	// Every new F0 is a positive sample; a few positives are re-tests of known cases.
	c.positives = Math.min(c.samplesTested, c.positives + community + quarantine + (rnd() < 2 * share ? 1 : 0));
	c.vaccineDoses += about(rnd, (population ?? TYPICAL_WARD_POPULATION) * k.dosesPerPerson * share * daytime(at));
	// Treatment ~14 days, F1 quarantine ~14 days, F2 followed ~7 days.
	c.f0Active = Math.max(0, c.f0Active + community + quarantine - roundRandom(rnd, (c.f0Active * share) / 14));
	c.f1Quarantined = Math.max(0, c.f1Quarantined + traced - roundRandom(rnd, (c.f1Quarantined * share) / 14));
	c.f2 = Math.max(0, c.f2 + roundRandom(rnd, traced * 1.5) - roundRandom(rnd, (c.f2 * share) / 7));
	const waiting = base.waiting.filter((b) => b.n > 0);
	if (traced > 0) {
		const todays = waiting.at(-1)?.day === day ? waiting.pop()! : { day, n: 0 };
		waiting.push({ day, n: todays.n + traced });
	}
	return { sim: { counts: c, zone, day, waiting, behind }, report: { ...c, zone }, newF0: community + quarantine };
}

// ── the F1 flow: moving traced F1 to concentrated quarantine, and home after it ──

/** A ward's F1 still waiting. */
export const waitingOf = (sim: WardSim) => sim.waiting.reduce((a, b) => a + b.n, 0);

/**
 * How many of a ward's waiting F1 its moving team takes to quarantine at `at`, `minutes` after
 * its previous step (before the beds are found: see `allocateBeds`). The team works 07:00–24:00:
 * a trip every few hours, and from 21:00 every F1 of the day, so most wards end the day with none
 * waiting; a backlog from an earlier day goes first thing in the morning. A team that is behind
 * today moves nothing until tomorrow — that ward's F1 wait overnight (the F1-waiting alert).
 */
export function f1ToMove(rnd: Random, sim: WardSim, at: Date, minutes: number): number {
	const waiting = waitingOf(sim);
	if (waiting === 0 || sim.behind) return 0;
	const h = Number(localParts(at).hour);
	if (h < 7) return 0;
	const overdue = sim.waiting.some((b) => b.n > 0 && b.day < dayKey(at));
	return overdue || h >= 21 || rnd() < chance(6, minutes) ? waiting : 0;
}

/** The ward after `n` of its F1 were admitted: first in, first out, as domain/f1-flow counts them. */
export function takeF1(sim: WardSim, n: number): WardSim {
	let left = n;
	const waiting: F1Backlog[] = [];
	for (const b of sim.waiting) {
		const taken = Math.min(b.n, left);
		left -= taken;
		if (b.n - taken > 0) waiting.push({ day: b.day, n: b.n - taken });
	}
	return { ...sim, waiting };
}

/**
 * A ward's F1 waiting from what is stored (live mode after a restart or a back-fill): its reports'
 * F1 traced (the last of each day) and its F1 admissions over the 14 days to `now`, counted by
 * domain/f1-flow's rule — for `wardSimFrom`, so the backlog left by the past is moved, not kept.
 */
export function storedWaiting(
	reports: ReadonlyArray<{ at: Date; f1Traced: number }>,
	admissions: ReadonlyArray<{ at: Date; amount: number }>,
	now: Date
): { waiting: number; since: string | null } {
	const days = Array.from({ length: 14 }, (_, i) => dayKey(new Date(now.getTime() - (13 - i) * DAY_MS)));
	const last = new Map<string, { at: number; n: number }>();
	for (const r of reports) {
		const d = dayKey(r.at);
		if ((last.get(d)?.at ?? -Infinity) <= r.at.getTime()) last.set(d, { at: r.at.getTime(), n: r.f1Traced });
	}
	const moved = days.map((d) => admissions.filter((a) => dayKey(a.at) === d).reduce((x, a) => x + a.amount, 0));
	return f1Waiting(
		days,
		days.map((d) => last.get(d)?.n ?? null),
		moved
	);
}

/** A facility as the allocation sees it. */
export interface FacilityBeds {
	code: string;
	status: FacilityStatus;
	capacity: number;
	occupied: number;
}

/**
 * Where `n` people go: F1 to the facilities receiving F1, F0 to those treating F0 — the emptiest
 * (by share of beds) first, so no one site fills up while another stands empty, and never beyond
 * a facility's free beds (the server refuses that). Less than `n` when the beds run out: the rest
 * wait (the wall's "F1 waiting against free beds").
 */
export function allocateBeds(facilities: readonly FacilityBeds[], kind: PersonKind, n: number): Array<{ code: string; amount: number }> {
	const beds = facilities
		.filter((f) => (kind === 'f1' ? receivesF1(f.status) : f.status === 'treating_f0') && f.capacity > f.occupied)
		.map((f) => ({ code: f.code, capacity: f.capacity, occupied: f.occupied }));
	const out = new Map<string, number>();
	let left = n;
	while (left > 0 && beds.length > 0) {
		beds.sort((a, b) => a.occupied / a.capacity - b.occupied / b.capacity);
		const f = beds[0]!;
		// In lots of a few people at a time, so a large group spreads over the sites.
		const amount = Math.min(left, f.capacity - f.occupied, 5);
		f.occupied += amount;
		left -= amount;
		out.set(f.code, (out.get(f.code) ?? 0) + amount);
		if (f.occupied >= f.capacity) beds.splice(0, 1);
	}
	return [...out].map(([code, amount]) => ({ code, amount }));
}

/** People of one ward and kind admitted together, and when they go home. */
export interface Stay {
	ward: string;
	kind: PersonKind;
	n: number;
	/** Epoch ms of their discharge: F1 after the 14-day quarantine, F0 after their treatment. */
	until: number;
}

/** When people admitted at `at` go home: an F1 after 14 days (± half a day, the last test's result), an F0 after 10 to 14. */
export function stayUntil(rnd: Random, kind: PersonKind, at: Date): number {
	const days = kind === 'f1' ? 13.5 + rnd() : 10 + rnd() * 4;
	return at.getTime() + days * DAY_MS;
}

/**
 * The people already in a facility when the simulation starts (the demo file's opening occupancy,
 * whose wards and days nobody entered): people of the district's wards admitted over the last
 * stay's length, so they go home over the next one — named by ward like every simulated discharge.
 * `kind`: F1 in a quarantine site, F0 in one treating F0.
 */
export function occupantsAtStart(rnd: Random, occupied: number, wardCodes: readonly string[], at: Date, kind: PersonKind = 'f1'): Stay[] {
	const out: Stay[] = [];
	let left = occupied;
	const stayDays = kind === 'f1' ? 14 : 12;
	while (left > 0 && wardCodes.length > 0) {
		const n = Math.min(left, 1 + Math.floor(rnd() * 8));
		left -= n;
		out.push({ ward: wardCodes[Math.floor(rnd() * wardCodes.length)]!, kind, n, until: at.getTime() + rnd() * stayDays * DAY_MS });
	}
	return out;
}

/**
 * A facility's occupants from its history (live mode after a restart): discharges go first in,
 * first out, so the `occupied` people in it are the newest admitted. Those the history does not
 * name (the opening occupancy, entries without a ward) are taken as `occupantsAtStart`; `facilityKind`
 * is who it holds when an entry does not say (F0 in a site treating F0).
 */
export function staysFrom(
	rnd: Random,
	admissionsNewestFirst: ReadonlyArray<{ ward: string | null; kind: PersonKind | null; amount: number; at: Date }>,
	occupied: number,
	wardCodes: readonly string[],
	now: Date,
	facilityKind: PersonKind = 'f1'
): Stay[] {
	const out: Stay[] = [];
	let left = occupied;
	for (const a of admissionsNewestFirst) {
		if (left <= 0) break;
		const n = Math.min(left, a.amount);
		left -= n;
		const kind = a.kind ?? facilityKind;
		if (a.ward) out.push({ ward: a.ward, kind, n, until: Math.max(now.getTime(), stayUntil(rnd, kind, a.at)) });
		else out.push(...occupantsAtStart(rnd, n, wardCodes, now, kind));
	}
	return [...out, ...occupantsAtStart(rnd, left, wardCodes, now, facilityKind)];
}

/** Who goes home at `at`: the stays that are over, one discharge per ward and kind, and the stays left. */
export function dischargesDue(stays: readonly Stay[], at: Date): { due: Array<{ ward: string; kind: PersonKind; amount: number }>; left: Stay[] } {
	const due = new Map<string, { ward: string; kind: PersonKind; amount: number }>();
	const left: Stay[] = [];
	for (const s of stays) {
		if (s.until > at.getTime()) {
			left.push(s);
			continue;
		}
		const key = `${s.ward}:${s.kind}`;
		const d = due.get(key) ?? { ward: s.ward, kind: s.kind, amount: 0 };
		d.amount += s.n;
		due.set(key, d);
	}
	return { due: [...due.values()], left };
}

/**
 * New F0 of a report who are admitted to a facility treating F0 (when the district has one): about
 * half of them, the mild cases — the others go to hospital. `newF0` is the report's new F0 since
 * the ward's previous one.
 */
export function f0ToAdmit(rnd: Random, newF0: number): number {
	let n = 0;
	for (let i = 0; i < newF0; i++) if (rnd() < 0.5) n++;
	return n;
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

// ── beds and stock ──

/**
 * A bare admission or discharge that keeps the facility within its beds (null when nothing fits):
 * the soak bench's feed (bench/soak.ts), which needs beds to move, not the F1 flow's story.
 */
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

/** How much of an item, by its unit, one simulated household aid package holds (10 kg of rice; else one unit). */
const UNITS_PER_PACKAGE: Record<string, number> = { kg: 10 };

/**
 * The household aid packages ("số suất quà") a simulated issue to households of `quantity` in
 * `unit` made up: never the quantity itself (900 kg of rice is 90 packages, not 900).
 */
export function simulatedPackages(unit: string, quantity: number): number {
	return Math.floor(quantity / (UNITS_PER_PACKAGE[unit] ?? 1));
}

/**
 * A ward's welfare report (issue 14 §2) after `minutes` of a field team's work: households and the
 * people in them (2–4 each), a few packages beyond stock, cash-support files paid and the ward's
 * files still pending (a level that drifts down as they are paid, up as new ones come in), now and
 * then someone without shelter taken in. A red zone (the last level) needs more help than a green one.
 */
export function nextWelfareReport(
	rnd: Random,
	state: { pending: number },
	zone: string | null,
	levels: readonly string[],
	minutes: number
): { report: Record<string, number>; pending: number } {
	const need = zone === null ? 0.5 : severity(zone, levels);
	const scale = (minutes / 60) * (0.6 + need * 1.6);
	const households = about(rnd, scale * 5);
	const people = households * 2 + roundRandom(rnd, households * rnd() * 2);
	const paid = Math.min(state.pending, about(rnd, scale * 2));
	// New files come in about as fast as they are paid: the level drifts, it does not climb for ever.
	const pending = Math.max(0, state.pending - paid + about(rnd, scale * 2));
	const report: Record<string, number> = {
		householdsSupported: households,
		peopleSupported: people,
		aidPackages: roundRandom(rnd, households * rnd()),
		cashPaid: paid,
		cashPending: pending
	};
	if (rnd() < 0.1 * (0.5 + need)) report.shelterTakenIn = 1 + Math.floor(rnd() * 3);
	return { report, pending };
}
