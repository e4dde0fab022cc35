/**
 * The day figures of the last N days (Asia/Ho_Chi_Minh calendar days), per ward and for the
 * district: new F0 (the wall's trend charts) and the testing, vaccination and tracing figures
 * behind the progress view (issue 13 §3–4). A ward's day counts its LAST report of that day (day
 * figures are running totals, see cases.ts), so a re-sent report never double-counts. A report
 * counts on the day it was made on the device (`enteredAt`, issue 11 §6), not the day it arrived.
 * Fixed length: the wall's charts never grow.
 */
import type { CaseReport } from './cases.ts';
import { dayKey } from './time.ts';
import { entryTime } from './entry-time.ts';

/** ward code → one figure per day (null: no report that day). */
type DaySeries = Record<string, Array<number | null>>;

/** The day figures kept besides new F0, each from the day's last report. */
const METRICS = {
	samples: (r: Report) => r.samplesTested,
	positives: (r: Report) => r.positives,
	doses: (r: Report) => r.vaccineDoses,
	f1Traced: (r: Report) => r.f1Traced
} as const;
export type TrendMetric = keyof typeof METRICS;
const METRIC_NAMES = Object.keys(METRICS) as TrendMetric[];

export interface Trend {
	/** yyyy-MM-dd, oldest first, `days` long, ending today. */
	days: string[];
	/** ward code → new F0 per day (null: no report that day). */
	wards: DaySeries;
	/** District sum per day over the wards that reported. */
	district: number[];
	/** The other day figures, per ward, on the same days. */
	series: Record<TrendMetric, DaySeries>;
	/**
	 * Doses given before the window's first day, per ward: with the window's days, the ward's
	 * cumulative doses. The server fills it from every earlier day; a day that leaves the window
	 * as the calendar turns is added to it, so the total never drops.
	 */
	dosesBefore: Record<string, number>;
	/**
	 * The F1 flow (issue 13 §4), per origin ward and day: F1 admitted to a facility, and people of
	 * the ward discharged home — sums of the movements made that day (0: none).
	 */
	flow: { f1Moved: Record<string, number[]>; discharged: Record<string, number[]> };
}

/** An admission or a discharge that names the ward its people came from. */
export interface FlowMovement {
	wardCode: string;
	kind: 'admission' | 'discharge';
	personKind: 'f1' | 'f0' | null;
	amount: number;
	/** When it was made on the device. */
	madeAt: string;
}

function trendDays(now: Date, days: number): string[] {
	const out: string[] = [];
	for (let i = days - 1; i >= 0; i--) out.push(dayKey(new Date(now.getTime() - i * 86_400_000)));
	return out;
}

type Report = Pick<
	CaseReport,
	'wardCode' | 'reportedAt' | 'enteredAt' | 'f0NewCommunity' | 'f0NewQuarantine' | 'id' | 'samplesTested' | 'positives' | 'vaccineDoses' | 'f1Traced'
>;

const newF0 = (r: Report) => r.f0NewCommunity + r.f0NewQuarantine;
const emptySeries = (wardCodes: readonly string[], n: number): DaySeries =>
	Object.fromEntries(wardCodes.map((c) => [c, Array.from({ length: n }, () => null)]));

export function buildTrend(
	reports: readonly Report[],
	wardCodes: readonly string[],
	now: Date,
	days = 14,
	dosesBefore: Record<string, number> = {},
	movements: readonly FlowMovement[] = []
): Trend {
	const keys = trendDays(now, days);
	const index = new Map(keys.map((k, i) => [k, i]));
	const wards = emptySeries(wardCodes, keys.length);
	const series = Object.fromEntries(METRIC_NAMES.map((m) => [m, emptySeries(wardCodes, keys.length)])) as Trend['series'];
	const lastAt: Record<string, Array<string | null>> = Object.fromEntries(wardCodes.map((c) => [c, keys.map(() => null)]));
	for (const r of reports) {
		const made = entryTime(r);
		const i = index.get(dayKey(new Date(made)));
		const at = lastAt[r.wardCode];
		if (i === undefined || !at) continue;
		const prev = at[i];
		if (prev && new Date(prev).getTime() > new Date(made).getTime()) continue; // an older report of the same day: superseded
		at[i] = made;
		setDay(wards, r.wardCode, i, newF0(r));
		for (const m of METRIC_NAMES) setDay(series[m], r.wardCode, i, METRICS[m](r));
	}
	const before = Object.fromEntries(wardCodes.map((c) => [c, dosesBefore[c] ?? 0]));
	const zeros = () => Object.fromEntries(wardCodes.map((c) => [c, keys.map(() => 0)]));
	let t: Trend = { days: keys, wards, district: sumDays(wards, keys.length), series, dosesBefore: before, flow: { f1Moved: zeros(), discharged: zeros() } };
	for (const m of movements) t = applyFlowToTrend(t, m);
	return t;
}

/**
 * The trend after an admission or discharge of a ward's people (on the day it was made). Only F1
 * admissions move the "waiting" figure; every discharge counts as returned home. Not rolled: the
 * caller rolls on the reports' clock.
 */
export function applyFlowToTrend(trend: Trend, m: FlowMovement): Trend {
	if (!trend.flow) return trend; // a cached snapshot from before the flow: kept until its next snapshot
	const i = trend.days.indexOf(dayKey(new Date(m.madeAt)));
	const key = m.kind === 'discharge' ? 'discharged' : m.personKind === 'f1' ? 'f1Moved' : null;
	const series = key ? trend.flow[key][m.wardCode] : undefined;
	if (i === -1 || !key || !series) return trend;
	return { ...trend, flow: { ...trend.flow, [key]: { ...trend.flow[key], [m.wardCode]: series.map((v, j) => (j === i ? v + m.amount : v)) } } };
}

function setDay(s: DaySeries, ward: string, i: number, v: number): void {
	const days = s[ward];
	if (days) days[i] = v;
}

function sumDays(wards: DaySeries, n: number): number[] {
	const sum = Array.from({ length: n }, () => 0);
	for (const s of Object.values(wards)) s.forEach((v, i) => (sum[i]! += v ?? 0));
	return sum;
}

/** The district's sum of one day figure per day (wards that did not report count 0). */
export function districtSeries(trend: Trend, metric: TrendMetric): number[] {
	return sumDays(trend.series[metric], trend.days.length);
}

/**
 * The trend after a new report arrives live (the newest report of its day), rolled forward when
 * the calendar day has changed. Returns a new object; the lengths never change.
 */
export function applyReportToTrend(trend: Trend, r: Report, now: Date): Trend {
	let t = trend;
	// A malformed time (never from our server) must not take the wall down: ignore the report.
	if (Number.isNaN(new Date(entryTime(r)).getTime()) || Number.isNaN(now.getTime())) return t;
	t = rollTo(t, now);
	const i = t.days.indexOf(dayKey(new Date(entryTime(r))));
	if (i === -1 || !t.wards[r.wardCode]) return t;
	const put = (s: DaySeries, v: number): DaySeries => ({ ...s, [r.wardCode]: (s[r.wardCode] ?? []).map((x, j) => (j === i ? v : x)) });
	const wards = put(t.wards, newF0(r));
	// A wall's cached snapshot from before the other day figures has none: it keeps F0 only until its next snapshot.
	const series = t.series && (Object.fromEntries(METRIC_NAMES.map((m) => [m, put(t.series[m], METRICS[m](r))])) as Trend['series']);
	return { ...t, wards, district: sumDays(wards, t.days.length), series };
}

/**
 * Shifts the window so it ends today; days that fall off are dropped (their doses kept in
 * dosesBefore), new days are empty. The same trend when it already ends today (or `now` is not a
 * time): every reader calls it before reading "today", and that costs nothing on most calls.
 */
export function rollTo(trend: Trend, now: Date): Trend {
	if (Number.isNaN(now.getTime()) || trend.days.at(-1) === dayKey(now)) return trend;
	const days = trendDays(now, trend.days.length);
	const old = new Map(trend.days.map((d, i) => [d, i]));
	const pick = <T>(s: T[], empty: T) => days.map((d) => (old.has(d) ? s[old.get(d)!]! : empty));
	const shift = (s: DaySeries) => Object.fromEntries(Object.entries(s).map(([c, v]) => [c, pick(v, null)]));
	const kept = new Set(days);
	const dosesBefore = Object.fromEntries(
		Object.entries(trend.dosesBefore ?? {}).map(([c, n]) => [
			c,
			n + (trend.series?.doses[c] ?? []).reduce<number>((sum, v, i) => (kept.has(trend.days[i]!) ? sum : sum + (v ?? 0)), 0)
		])
	);
	const wards = shift(trend.wards);
	const series = trend.series && (Object.fromEntries(METRIC_NAMES.map((m) => [m, shift(trend.series[m])])) as Trend['series']);
	const shiftCounts = (s: Record<string, number[]>) => Object.fromEntries(Object.entries(s).map(([c, v]) => [c, pick(v, 0)]));
	const flow = trend.flow && { f1Moved: shiftCounts(trend.flow.f1Moved), discharged: shiftCounts(trend.flow.discharged) };
	return { days, wards, district: sumDays(wards, days.length), series, dosesBefore, flow };
}
