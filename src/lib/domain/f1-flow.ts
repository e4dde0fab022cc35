/**
 * The F1 flow (issue 13 §4): how many traced F1 of a ward are still waiting to be moved to
 * concentrated quarantine, since when, and how many were moved and returned home today.
 *
 * Waiting = F1 traced − F1 admitted from the ward, over the trend window (14 days, the quarantine
 * period: an F1 traced before it would have served the period already). First in, first out: the
 * oldest traced are taken to be the first moved, so "waiting since" is the oldest day whose traced
 * F1 are not all moved yet.
 */
import { localDaysBetween, startOfLocalDay } from './time.ts';
import { rollTo, type Trend } from './trend.ts';

/** Days an F1 may wait to be moved before the wall raises an alert (the district file's `alerts.f1WaitingDays`). */
const DEFAULT_F1_WAITING_DAYS = 1;

export interface WardFlow {
	code: string;
	waiting: number;
	/** The local day (yyyy-MM-dd) the oldest waiting F1 were traced on; null when none waits. */
	waitingSince: string | null;
	tracedToday: number | null;
	movedToday: number;
	dischargedToday: number;
}

export interface FlowPicture {
	wards: WardFlow[];
	district: { waiting: number; movedToday: number; dischargedToday: number };
}

/** First in, first out over the window: what is still waiting, and the day the oldest was traced. */
export function f1Waiting(days: readonly string[], traced: ReadonlyArray<number | null>, moved: readonly number[]): { waiting: number; since: string | null } {
	let left = moved.reduce((a, b) => a + b, 0);
	let waiting = 0;
	let since: string | null = null;
	traced.forEach((n, i) => {
		const t = n ?? 0;
		const taken = Math.min(t, left);
		left -= taken;
		if (t - taken > 0) {
			waiting += t - taken;
			since ??= days[i] ?? null;
		}
	});
	return { waiting, since };
}

export function flowOf(trend: Trend, wardCodes: readonly string[], now: Date): FlowPicture {
	const t = rollTo(trend, now);
	const last = t.days.length - 1;
	const wards = wardCodes.map((code): WardFlow => {
		const traced = t.series?.f1Traced[code] ?? [];
		const moved = t.flow?.f1Moved[code] ?? [];
		const w = f1Waiting(t.days, traced, moved);
		return {
			code,
			waiting: w.waiting,
			waitingSince: w.since,
			tracedToday: traced[last] ?? null,
			movedToday: moved[last] ?? 0,
			dischargedToday: t.flow?.discharged[code]?.[last] ?? 0
		};
	});
	const sum = (f: (w: WardFlow) => number) => wards.reduce((a, w) => a + f(w), 0);
	return { wards, district: { waiting: sum((w) => w.waiting), movedToday: sum((w) => w.movedToday), dischargedToday: sum((w) => w.dischargedToday) } };
}

/** When F1 traced on `since` have waited too long: `days` local days after that day began; null while they have not. */
export function f1WaitingOverdue(since: string | null, now: Date, days = DEFAULT_F1_WAITING_DAYS): Date | null {
	if (!since) return null;
	const start = startOfLocalDay(since);
	if (localDaysBetween(start, now) < days) return null;
	return new Date(start.getTime() + days * 86_400_000);
}
