/**
 * Testing and vaccination as progress (issue 13 §3): per ward, today's samples, positives and
 * positivity, today's doses, the cumulative doses and the coverage of the ward's population, and
 * the district's — all derived from the day figures of the trend (domain/trend.ts), so the wall, the
 * API and the report compute them one way.
 *
 * Coverage: the ward reports one doses figure a day (the reporting form has no first/second dose
 * split), so coverage is the share of a full course given to the ward's population:
 * doses ÷ (population × doses per course), capped at 100 %. A ward without a population has none.
 */
import { districtSeries, rollTo, type Trend } from './trend.ts';

export interface VaccinationPlan {
	/** Doses a person needs for a full course. */
	courseDoses: number;
	/** Coverage the district aims at, 0–1: the bars' goal line. */
	goal: number;
}

export const DEFAULT_VACCINATION: VaccinationPlan = { courseDoses: 2, goal: 0.9 };

export interface ProgressFigures {
	/** Today's running totals; null when the ward has not reported today. */
	samplesToday: number | null;
	positivesToday: number | null;
	/** positives ÷ samples today, 0–1; null without samples. */
	positivity: number | null;
	dosesToday: number | null;
	/** Every dose counted, including the district file's `dosesBefore`. */
	dosesTotal: number;
	population: number | null;
	/** 0–1, null without a population. */
	coverage: number | null;
	/** What today's doses added to the coverage, 0–1; null without a population. */
	coverageToday: number | null;
}

interface WardProgress extends ProgressFigures {
	code: string;
}

export interface Progress {
	/** The local day "today" means. */
	day: string;
	goal: number;
	courseDoses: number;
	wards: WardProgress[];
	/** Sums over the wards; coverage over the wards that have a population. */
	district: ProgressFigures;
}

export function coverageOf(doses: number, population: number | null, plan: VaccinationPlan): number | null {
	if (population === null || population <= 0) return null;
	return Math.min(1, doses / (population * plan.courseDoses));
}

export function positivityOf(samples: number | null, positives: number | null): number | null {
	if (samples === null || positives === null || samples <= 0) return null;
	return positives / samples;
}

const sum = (xs: Array<number | null>) => xs.reduce<number>((a, v) => a + (v ?? 0), 0);

/**
 * The progress of each ward at `now`. The trend is rolled to `now` first, so a wall left open past
 * midnight shows today's (empty) figures, not yesterday's.
 */
export function progressOf(trend: Trend, wards: ReadonlyArray<{ code: string; population: number | null }>, plan: VaccinationPlan, now: Date): Progress {
	const t = rollTo(trend, now);
	const last = t.days.length - 1;
	const rows: WardProgress[] = wards.map((w) => {
		const today = (m: keyof Trend['series']) => t.series[m][w.code]?.[last] ?? null;
		const dosesToday = today('doses');
		const dosesTotal = (t.dosesBefore[w.code] ?? 0) + sum(t.series.doses[w.code] ?? []);
		const coverage = coverageOf(dosesTotal, w.population, plan);
		const before = coverageOf(dosesTotal - (dosesToday ?? 0), w.population, plan);
		return {
			code: w.code,
			samplesToday: today('samples'),
			positivesToday: today('positives'),
			positivity: positivityOf(today('samples'), today('positives')),
			dosesToday,
			dosesTotal,
			population: w.population,
			coverage,
			coverageToday: coverage === null || before === null ? null : coverage - before
		};
	});
	const reported = rows.filter((r) => r.samplesToday !== null);
	const withPopulation = rows.filter((r) => r.population !== null && r.population > 0);
	const population = withPopulation.length > 0 ? sum(withPopulation.map((r) => r.population)) : null;
	const popDoses = sum(withPopulation.map((r) => r.dosesTotal));
	const popToday = sum(withPopulation.map((r) => r.dosesToday));
	const coverage = coverageOf(popDoses, population, plan);
	const before = coverageOf(popDoses - popToday, population, plan);
	const samplesToday = reported.length > 0 ? sum(reported.map((r) => r.samplesToday)) : null;
	const positivesToday = reported.length > 0 ? sum(reported.map((r) => r.positivesToday)) : null;
	return {
		day: t.days[last]!,
		goal: plan.goal,
		courseDoses: plan.courseDoses,
		wards: rows,
		district: {
			samplesToday,
			positivesToday,
			positivity: positivityOf(samplesToday, positivesToday),
			dosesToday: reported.length > 0 ? sum(rows.map((r) => r.dosesToday)) : null,
			dosesTotal: sum(rows.map((r) => r.dosesTotal)),
			population,
			coverage,
			coverageToday: coverage === null || before === null ? null : coverage - before
		}
	};
}

/** The district's testing and vaccination per day of the trend: the 14-day view's second and third charts. */
export function progressTrend(trend: Trend): { days: string[]; samples: number[]; positives: number[]; doses: number[] } {
	return { days: trend.days, samples: districtSeries(trend, 'samples'), positives: districtSeries(trend, 'positives'), doses: districtSeries(trend, 'doses') };
}
