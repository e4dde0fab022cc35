/**
 * Blockaded areas (khu phong tỏa, issue 13 §1): a street, an alley, a building a ward closes off,
 * tests in rounds ("lần 2/3") and lifts by a decision. Pure: the shapes the rules work on and the
 * rules themselves — what may be changed on a blockade, which test round may be recorded next. The
 * service stores, the contract parses, the words for each refusal code live in contracts/errors.
 */
import { dayKey, localDaysBetween, startOfLocalDay } from './time.ts';

/** One testing round of a blockade: round n of the m planned, on a local day. */
export interface TestRound {
	round: number;
	of: number;
	/** `yyyy-MM-dd`, Asia/Ho_Chi_Minh: the day the samples were taken. */
	date: string;
	samples: number;
	positives: number;
	recordedBy: string;
	/** ISO instant the round was entered (on the device). */
	recordedAt: string;
}

export interface Blockade {
	id: number;
	wardCode: string;
	name: string;
	/** Address or description ("ngõ 12 Kim Mã, tổ 5"). */
	address: string | null;
	/** Its zone level in the district's scheme. */
	zone: string;
	/** The zone before its present one and when it changed (zone history, issue 13 §2): the "got worse" alert. */
	zoneFrom?: string | null;
	zoneSince?: string | null;
	/** ISO instant the blockade started. */
	startedAt: string;
	people: number;
	households: number;
	rounds: TestRound[];
	/** ISO instant it was lifted, null while active. */
	liftedAt: string | null;
	liftedBy: string | null;
	/** The decision that lifted it ("QĐ 123/QĐ-UBND"). */
	liftReference: string | null;
	liftNote: string | null;
	createdBy: string;
	updatedAt: string;
}

export type BlockadeRefusal =
	/** A lifted blockade is history: it takes no edit, no round, no second lift. */
	| { code: 'blockade_lifted'; field: '' }
	/** Households cannot outnumber the people who live in them. */
	| { code: 'households_exceed_people'; field: 'households' }
	| { code: 'positives_exceed_samples'; field: 'positives' }
	/** Round n of m: n cannot be past m. */
	| { code: 'round_exceeds_plan'; field: 'round' }
	/** Rounds are recorded one after another: the next is `expected`. */
	| { code: 'round_out_of_order'; field: 'round'; expected: number }
	/** A round's samples were taken inside the blockade's life: not before it started, not after today. */
	| { code: 'round_before_start'; field: 'date' }
	| { code: 'round_in_future'; field: 'date' }
	/** A blockade cannot start in the future (5 minutes of clock drift allowed). */
	| { code: 'started_in_future'; field: 'startedAt' };

/** How far a device's clock may run ahead (as for every entry, domain/entry-time). */
const MAX_FUTURE_MS = 5 * 60_000;

export function isActive(b: Pick<Blockade, 'startedAt' | 'liftedAt'>, at: Date): boolean {
	return new Date(b.startedAt).getTime() <= at.getTime() && (b.liftedAt === null || new Date(b.liftedAt).getTime() > at.getTime());
}

/** The figures a blockade is opened or edited with, checked together (an edit: on the result). */
export function checkFigures(f: { people: number; households: number; startedAt?: Date }, now: Date): BlockadeRefusal | null {
	if (f.households > f.people) return { code: 'households_exceed_people', field: 'households' };
	if (f.startedAt && f.startedAt.getTime() - now.getTime() > MAX_FUTURE_MS) return { code: 'started_in_future', field: 'startedAt' };
	return null;
}

/** An edit or a lift: only while the blockade is active. */
export function checkOpen(b: Pick<Blockade, 'liftedAt'>): BlockadeRefusal | null {
	return b.liftedAt === null ? null : { code: 'blockade_lifted', field: '' };
}

/** The round that may be recorded next: after the last one recorded (any, for the first), within the plan. */
export function nextRound(b: Pick<Blockade, 'rounds'>): number | null {
	const last = b.rounds.reduce((m, r) => Math.max(m, r.round), 0);
	return last === 0 ? null : last + 1;
}

/**
 * May this round be recorded? The blockade is active; the round follows the last one recorded (a
 * ward that starts recording at round 3 may); n ≤ m; positives ≤ samples; its day lies between the
 * blockade's first day and today (local days, Asia/Ho_Chi_Minh).
 */
export function checkRound(
	b: Pick<Blockade, 'liftedAt' | 'rounds' | 'startedAt'>,
	r: Pick<TestRound, 'round' | 'of' | 'date' | 'samples' | 'positives'>,
	now: Date
): BlockadeRefusal | null {
	const open = checkOpen(b);
	if (open) return open;
	const expected = nextRound(b);
	if (expected !== null && r.round !== expected) return { code: 'round_out_of_order', field: 'round', expected };
	if (r.round > r.of) return { code: 'round_exceeds_plan', field: 'round' };
	if (r.positives > r.samples) return { code: 'positives_exceed_samples', field: 'positives' };
	if (r.date < dayKey(new Date(b.startedAt))) return { code: 'round_before_start', field: 'date' };
	if (r.date > dayKey(now)) return { code: 'round_in_future', field: 'date' };
	return null;
}

/** The latest round recorded, or null: what the wall and the report show ("lần 2/3 · 0 dương tính"). */
export function latestRound(b: Pick<Blockade, 'rounds'>): TestRound | null {
	return b.rounds.reduce<TestRound | null>((best, r) => (best === null || r.round > best.round ? r : best), null);
}

/** Active blockades first (newest start first), then lifted ones (most recently lifted first). */
export function byRecency(a: Blockade, b: Blockade): number {
	if ((a.liftedAt === null) !== (b.liftedAt === null)) return a.liftedAt === null ? -1 : 1;
	if (a.liftedAt && b.liftedAt) return b.liftedAt.localeCompare(a.liftedAt);
	return b.startedAt.localeCompare(a.startedAt) || b.id - a.id;
}

/** What the wall's blockade view says about each active blockade, and in total. */
interface BlockadeLine {
	blockade: Blockade;
	/** Local days since it started ("từ 28/08 · 6 ngày"). */
	days: number;
	latest: TestRound | null;
}

export interface BlockadesPicture {
	active: number;
	people: number;
	households: number;
	/** Active blockades with a positive in their latest round: the ones that may grow. */
	withPositives: number;
	/** Worst first: a positive latest round, then the longest-running. */
	lines: BlockadeLine[];
}

export function blockadesPicture(blockades: readonly Blockade[], now: Date): BlockadesPicture {
	const lines = blockades
		.filter((b) => isActive(b, now))
		.map((b) => ({ blockade: b, days: localDaysBetween(new Date(b.startedAt), now), latest: latestRound(b) }));
	const positive = (l: BlockadeLine) => (l.latest?.positives ?? 0) > 0;
	lines.sort((a, b) => Number(positive(b)) - Number(positive(a)) || b.days - a.days || a.blockade.name.localeCompare(b.blockade.name, 'vi'));
	return {
		active: lines.length,
		people: lines.reduce((n, l) => n + l.blockade.people, 0),
		households: lines.reduce((n, l) => n + l.blockade.households, 0),
		withPositives: lines.filter(positive).length,
		lines
	};
}

/**
 * A blockade as it stood at `at`: the rounds recorded by then, and not yet lifted if it was lifted
 * later. (Its name and figures are as now: edits keep no history beyond the audit log.)
 */
export function blockadeAsOf(b: Blockade, at: Date): Blockade {
	const t = at.getTime();
	const lifted = b.liftedAt !== null && new Date(b.liftedAt).getTime() <= t;
	return {
		...b,
		rounds: b.rounds.filter((r) => new Date(r.recordedAt).getTime() <= t),
		...(lifted ? {} : { liftedAt: null, liftedBy: null, liftReference: null, liftNote: null })
	};
}

/** What a situation report says about blockades at `asOf`, against the previous slot (`since`; null: the first report). */
export interface ReportBlockades {
	/** Active at asOf, as they stood then. */
	active: Blockade[];
	/** Opened after `since` (and still active or lifted since). */
	opened: number[];
	/** Lifted after `since`, by asOf. */
	lifted: Blockade[];
	people: number;
	households: number;
}

export function reportBlockades(all: readonly Blockade[], asOf: Date, since: Date | null): ReportBlockades {
	const t = asOf.getTime();
	const after = (iso: string | null) => iso !== null && (since === null || new Date(iso).getTime() > since.getTime()) && new Date(iso).getTime() <= t;
	const then = all.filter((b) => new Date(b.startedAt).getTime() <= t).map((b) => blockadeAsOf(b, asOf));
	const active = then.filter((b) => b.liftedAt === null).sort(byRecency);
	return {
		active,
		opened: then.filter((b) => after(b.startedAt)).map((b) => b.id),
		lifted: then.filter((b) => after(b.liftedAt)).sort(byRecency),
		people: active.reduce((n, b) => n + b.people, 0),
		households: active.reduce((n, b) => n + b.households, 0)
	};
}

/** Days between testing rounds unless the district file says otherwise (`alerts.blockadeRoundDays`): the directives test a hot area every few days. */
const DEFAULT_BLOCKADE_ROUND_DAYS = 3;

/**
 * Whether an active blockade's next testing round is overdue at `now`: due `everyDays` local days
 * after the last round's day (or the blockade's first day, before any round); overdue from the
 * day after. Null when it is not (or the blockade is lifted, or its plan is complete).
 */
export function roundOverdue(b: Blockade, now: Date, everyDays = DEFAULT_BLOCKADE_ROUND_DAYS): { next: number; lastDay: string; since: Date } | null {
	if (!isActive(b, now)) return null;
	const last = latestRound(b);
	if (last && last.round >= last.of) return null;
	const lastDay = last?.date ?? dayKey(new Date(b.startedAt));
	const since = new Date(startOfLocalDay(lastDay).getTime() + (everyDays + 1) * 86_400_000);
	if (now.getTime() < since.getTime()) return null;
	return { next: (last?.round ?? 0) + 1, lastDay, since };
}
