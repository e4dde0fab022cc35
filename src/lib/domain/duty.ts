/**
 * The command post's duty roster (issue 14 §1): the post is staffed 24/24 (seeds 000 §2, 002 §2.5,
 * 003), and for the district's post and each ward's, every shift has a duty leader (trực chỉ huy)
 * and duty officers (trực ban), each with a phone. A unit's plan is made day by day, ahead of time;
 * the shifts are the command post's one definition of shifts (domain/checkpoint: DEFAULT_SHIFT_STARTS,
 * currentShift) — a shift that crosses midnight belongs to the day it started, so at 03:00 the
 * duty leader is the one of the previous day's last shift.
 */
import { compareShift, currentShift, DEFAULT_SHIFT_STARTS, type Shift } from './checkpoint.ts';
import { dayKey, startOfLocalDay } from './time.ts';

/** The unit code of the district's own command post; every other unit is a ward code. */
export const DISTRICT_UNIT = 'district';

/** The shifts of a day by number (1-based), as the shared definition has them. */
export const SHIFT_NUMBERS: readonly number[] = DEFAULT_SHIFT_STARTS.map((_, i) => i + 1);

/** Bounds of a plan: a shift has a handful of officers, a name is a name, a phone a phone. */
export const MAX_OFFICERS = 12;
export const DUTY_NAME_MAX = 100;
export const DUTY_PHONE_MAX = 20;
/** Digits, spaces, `+` (first only), `.` and `-`, beginning and ending with a digit: "0912 345 678", "+84 24.3823.4567", "113". */
export const PHONE_PATTERN = /^\+?\d(?:[\d .-]*\d)?$/;
/** How far ahead a day may be planned: a month of rosters is what a command post publishes. */
export const MAX_PLAN_AHEAD_DAYS = 31;

export interface DutyPerson {
	name: string;
	phone: string;
}

/** One shift of a unit's day: its leader (null: none named yet) and officers. */
export interface DutyShiftPlan {
	shift: number;
	leader: DutyPerson | null;
	officers: DutyPerson[];
}

/** A stored shift as every reader sees it. */
export interface DutyShiftRow extends DutyShiftPlan {
	/** `district` or a ward code. */
	unit: string;
	/** `yyyy-MM-dd`, the local day the shift starts on. */
	date: string;
	updatedBy: string;
	updatedAt: string;
}

/** The shift (key, number, hours) of day `date`, number `n`. */
export function shiftOfDay(date: string, n: number): Shift {
	const startHour = DEFAULT_SHIFT_STARTS[n - 1];
	const endHour = DEFAULT_SHIFT_STARTS[n % DEFAULT_SHIFT_STARTS.length];
	if (startHour === undefined || endHour === undefined) throw new Error(`no shift ${n}`);
	return { key: `${date}#${n}`, number: n, startHour, endHour };
}

/** The instant a shift starts (UTC+07:00, no daylight saving). */
function shiftStart(s: Shift): Date {
	return new Date(`${s.key.slice(0, 10)}T${String(s.startHour).padStart(2, '0')}:00:00+07:00`);
}

const keyOf = (r: { date: string; shift: number }) => `${r.date}#${r.shift}`;

/** Who is on duty at `now` in one unit's roster: the running shift's leader and officers (null, [] when none planned). */
export function onDutyAt(
	roster: ReadonlyArray<Pick<DutyShiftRow, 'date' | 'shift' | 'leader' | 'officers'>>,
	now: Date
): { shift: Shift; leader: DutyPerson | null; officers: DutyPerson[] } {
	const shift = currentShift(now);
	const row = roster.find((r) => keyOf(r) === shift.key);
	return { shift, leader: row?.leader ?? null, officers: row?.officers ?? [] };
}

/**
 * The shifts of one unit with no duty leader: the running one (`current`) and the ones still to
 * start today — what the room must fill before the night. `days`, when given, are the days the
 * roster covers (a wall's snapshot window): a shift of another day is not known, never "missing".
 */
export function missingLeaders(
	roster: ReadonlyArray<Pick<DutyShiftRow, 'date' | 'shift' | 'leader'>>,
	now: Date,
	days?: readonly string[]
): Array<{ shift: Shift; current: boolean; startsAt: Date }> {
	const running = currentShift(now);
	const today = dayKey(now);
	const shifts = [running, ...SHIFT_NUMBERS.map((n) => shiftOfDay(today, n)).filter((s) => compareShift(s.key, running.key) > 0)];
	const led = new Set(roster.filter((r) => r.leader !== null).map(keyOf));
	return shifts
		.filter((s) => !led.has(s.key) && (!days || days.includes(s.key.slice(0, 10))))
		.map((s) => ({ shift: s, current: s.key === running.key, startsAt: shiftStart(s) }));
}

/** Why a plan for a day is refused. */
export type DutyRefusal =
	{ code: 'date_in_past'; field: 'date' } | { code: 'date_too_far'; field: 'date' } | { code: 'shift_ended'; field: string; shift: number };

/** The local days from `from` to `to` (whole days, negative when `to` is earlier). */
function daysBetween(from: string, to: string): number {
	return Math.round((startOfLocalDay(to).getTime() - startOfLocalDay(from).getTime()) / 86_400_000);
}

/**
 * May the plan of `date` be replaced at `now`? Not a day whose every shift has ended (the roster of
 * the past is a record, not a plan: it stays as it was); not further ahead than MAX_PLAN_AHEAD_DAYS.
 * The day of the running shift is open (at 03:00 that is yesterday: its night shift still runs).
 */
export function checkPlanDay(date: string, now: Date): DutyRefusal | null {
	const running = currentShift(now).key.slice(0, 10);
	if (date < running) return { code: 'date_in_past', field: 'date' };
	if (daysBetween(dayKey(now), date) > MAX_PLAN_AHEAD_DAYS) return { code: 'date_too_far', field: 'date' };
	return null;
}

/** An absent shift and one with no one named mean the same: nobody planned. */
const person = (x: DutyPerson | null) => (x ? [x.name, x.phone] : null);
const planText = (p: DutyShiftPlan | undefined) => JSON.stringify([person(p?.leader ?? null), (p?.officers ?? []).map(person)]);
const same = (a: DutyShiftPlan | undefined, b: DutyShiftPlan | undefined) => planText(a) === planText(b);

/**
 * A day's plan may change only shifts that have not ended: the plan sent must carry an ended shift
 * exactly as stored (the editor sends it back as it showed it), or the refusal names that shift
 * (`shifts.<i>`, or `shifts` when it was left out).
 */
export function checkEndedShifts(date: string, before: readonly DutyShiftPlan[], after: readonly DutyShiftPlan[], now: Date): DutyRefusal | null {
	const running = currentShift(now).key;
	for (const n of SHIFT_NUMBERS) {
		if (compareShift(`${date}#${n}`, running) >= 0) continue;
		const was = before.find((s) => s.shift === n);
		const i = after.findIndex((s) => s.shift === n);
		const is = i === -1 ? undefined : after[i];
		if (!same(was, is)) return { code: 'shift_ended', field: i === -1 ? 'shifts' : `shifts.${i}`, shift: n };
	}
	return null;
}

/** One unit's duty at an instant, as the wall's header and tiles, the ward page and the report show it. */
export interface UnitOnDuty {
	unit: string;
	name: string;
	hotline: string | null;
	leader: DutyPerson | null;
	officers: DutyPerson[];
}

/** Who is on duty at `at` in each of `units` (the district's post first, then the wards, as given), and the shift. */
export function dutyAt(
	units: ReadonlyArray<{ unit: string; name: string; hotline: string | null }>,
	roster: ReadonlyArray<Pick<DutyShiftRow, 'unit' | 'date' | 'shift' | 'leader' | 'officers'>>,
	at: Date
): { shift: Shift; units: UnitOnDuty[] } {
	const shift = currentShift(at);
	const byKey = new Map(roster.map((r) => [`${r.unit}/${keyOf(r)}`, r]));
	return {
		shift,
		units: units.map((u) => {
			const row = byKey.get(`${u.unit}/${shift.key}`);
			return { ...u, leader: row?.leader ?? null, officers: row?.officers ?? [] };
		})
	};
}
