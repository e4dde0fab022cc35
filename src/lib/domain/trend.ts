/**
 * New F0 per day over the last N days (Asia/Ho_Chi_Minh calendar days), per ward and for the
 * district. A ward's day counts its LAST report of that day (day figures are running totals, see
 * cases.ts), so a re-sent report never double-counts. A report counts on the day it was made on
 * the device (`enteredAt`, issue 11 §6), not the day it arrived. Fixed length: the wall's charts never grow.
 */
import type { CaseReport } from './cases.ts';
import { dayKey } from './time.ts';
import { entryTime } from './entry-time.ts';

export interface Trend {
	/** yyyy-MM-dd, oldest first, `days` long, ending today. */
	days: string[];
	/** ward code → new F0 per day (null: no report that day). */
	wards: Record<string, Array<number | null>>;
	/** District sum per day over the wards that reported. */
	district: number[];
}

function trendDays(now: Date, days: number): string[] {
	const out: string[] = [];
	for (let i = days - 1; i >= 0; i--) out.push(dayKey(new Date(now.getTime() - i * 86_400_000)));
	return out;
}

type Report = Pick<CaseReport, 'wardCode' | 'reportedAt' | 'enteredAt' | 'f0NewCommunity' | 'f0NewQuarantine' | 'id'>;

export function buildTrend(reports: readonly Report[], wardCodes: readonly string[], now: Date, days = 14): Trend {
	const keys = trendDays(now, days);
	const index = new Map(keys.map((k, i) => [k, i]));
	const wards: Trend['wards'] = Object.fromEntries(wardCodes.map((c) => [c, keys.map(() => null)]));
	const lastAt: Record<string, Array<string | null>> = Object.fromEntries(wardCodes.map((c) => [c, keys.map(() => null)]));
	for (const r of reports) applyToTrendMut(wards, lastAt, index, r);
	return { days: keys, wards, district: sumDays(wards, keys.length) };
}

function applyToTrendMut(wards: Trend['wards'], lastAt: Record<string, Array<string | null>>, index: Map<string, number>, r: Report): void {
	const made = entryTime(r);
	const i = index.get(dayKey(new Date(made)));
	const series = wards[r.wardCode];
	const at = lastAt[r.wardCode];
	if (i === undefined || !series || !at) return;
	const prev = at[i];
	if (prev && new Date(prev).getTime() > new Date(made).getTime()) return; // an older report of the same day: superseded
	at[i] = made;
	series[i] = r.f0NewCommunity + r.f0NewQuarantine;
}

function sumDays(wards: Trend['wards'], n: number): number[] {
	const sum = Array.from({ length: n }, () => 0);
	for (const s of Object.values(wards)) s.forEach((v, i) => (sum[i]! += v ?? 0));
	return sum;
}

/**
 * The trend after a new report arrives live (the newest report of its day), rolled forward when
 * the calendar day has changed. Returns a new object; the lengths never change.
 */
export function applyReportToTrend(trend: Trend, r: Report, now: Date): Trend {
	let t = trend;
	// A malformed time (never from our server) must not take the wall down: ignore the report.
	if (Number.isNaN(new Date(entryTime(r)).getTime()) || Number.isNaN(now.getTime())) return t;
	const today = dayKey(now);
	if (t.days[t.days.length - 1] !== today) t = rollTo(t, now);
	const i = t.days.indexOf(dayKey(new Date(entryTime(r))));
	const series = t.wards[r.wardCode];
	if (i === -1 || !series) return t;
	const wards = { ...t.wards, [r.wardCode]: series.map((v, j) => (j === i ? r.f0NewCommunity + r.f0NewQuarantine : v)) };
	return { days: t.days, wards, district: sumDays(wards, t.days.length) };
}

/** Shifts the window so it ends today; days that fall off are dropped, new days are empty. */
export function rollTo(trend: Trend, now: Date): Trend {
	const days = trendDays(now, trend.days.length);
	const old = new Map(trend.days.map((d, i) => [d, i]));
	const pick = <T>(s: T[], empty: T) => days.map((d) => (old.has(d) ? s[old.get(d)!]! : empty));
	const wards = Object.fromEntries(Object.entries(trend.wards).map(([c, s]) => [c, pick(s, null)]));
	return { days, wards, district: sumDays(wards, days.length) };
}
