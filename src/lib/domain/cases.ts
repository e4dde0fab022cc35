/**
 * Cases and zones: a ward's case report and the figures the wall derives from it.
 *
 * Semantics (chosen so that a re-sent report never double-counts):
 * - "day" figures (new F0, F1 traced, samples, positives, doses) are the running totals of the
 *   current reporting day, 00:00–24:00 Asia/Ho_Chi_Minh. A later report the same day supersedes
 *   the earlier one; it is not added to it.
 * - "state" figures (active F0, F1 in quarantine, F2, zone) are as of the moment of the report.
 */
import { dayKey, ageMinutes } from './time.ts';
import { entryTime } from './entry-time.ts';
import { wardReportDue, type ReportSchedule } from './overdue.ts';
import { zoneSeverity, type ZoneSchemeName } from './zones.ts';

/** Count fields of a case report, in form order. These names are a public API contract. */
export const CASE_COUNT_FIELDS = [
	'f0NewCommunity',
	'f0NewQuarantine',
	'f0Active',
	'f1Traced',
	'f1Quarantined',
	'f2',
	'samplesTested',
	'positives',
	'vaccineDoses'
] as const;

export type CaseCountField = (typeof CASE_COUNT_FIELDS)[number];
export type CaseCounts = Record<CaseCountField, number>;

/** Figures that describe the reporting day so far (reset at local midnight). */
export const DAY_FIELDS: readonly CaseCountField[] = ['f0NewCommunity', 'f0NewQuarantine', 'f1Traced', 'samplesTested', 'positives', 'vaccineDoses'];

/** Largest count accepted: well above any ward's population, far below int4 overflow. */
export const MAX_COUNT = 10_000_000;

/** A stored case report as every reader sees it. */
export interface CaseReport extends CaseCounts {
	id: number;
	wardCode: string;
	zone: string;
	note: string | null;
	reportedBy: string;
	/** ISO-8601 instant the server committed the report. */
	reportedAt: string;
	/** When it was made on the device (issue 11 §6); = reportedAt when the device did not say. */
	enteredAt?: string;
}

export interface RuleError {
	field: CaseCountField;
	code: 'positives_exceed_samples';
}

/** Rules between fields (single-field rules live in the validation schema). */
export function caseReportRuleErrors(c: Pick<CaseCounts, 'positives' | 'samplesTested'>): RuleError[] {
	const errors: RuleError[] = [];
	if (c.positives > c.samplesTested) errors.push({ field: 'positives', code: 'positives_exceed_samples' });
	return errors;
}

/** True when the report belongs to the same reporting day as `now`. */
export function isFromToday(report: Pick<CaseReport, 'reportedAt' | 'enteredAt'>, now: Date): boolean {
	return dayKey(new Date(entryTime(report))) === dayKey(now);
}

/** The figures a ward tile shows at `now`; day figures of a report from another day are null. */
export interface WardFigures {
	newF0Today: number | null;
	newF0CommunityToday: number | null;
	f0Active: number | null;
	f1Quarantined: number | null;
	zone: string | null;
	reportedAt: string | null;
	ageMinutes: number | null;
	/** Late against the report schedule (lib/domain/overdue.ts): no report for a slot past its grace, or none at all. */
	overdue: boolean;
	/** When overdue: the slot (ISO instant) it has not reported for. */
	dueSlot: string | null;
}

export function wardFigures(latest: CaseReport | null, schedule: ReportSchedule, now: Date): WardFigures {
	const due = wardReportDue(latest, now, schedule);
	const late = { overdue: due.overdue, dueSlot: due.dueSlot?.toISOString() ?? null };
	if (!latest) {
		return {
			newF0Today: null,
			newF0CommunityToday: null,
			f0Active: null,
			f1Quarantined: null,
			zone: null,
			reportedAt: null,
			ageMinutes: null,
			...late
		};
	}
	const today = isFromToday(latest, now);
	const age = ageMinutes(new Date(latest.reportedAt), now);
	return {
		newF0Today: today ? latest.f0NewCommunity + latest.f0NewQuarantine : null,
		newF0CommunityToday: today ? latest.f0NewCommunity : null,
		f0Active: latest.f0Active,
		f1Quarantined: latest.f1Quarantined,
		zone: latest.zone,
		reportedAt: latest.reportedAt,
		ageMinutes: age,
		...late
	};
}

export interface DistrictTotals {
	newF0Today: number;
	newF0CommunityToday: number;
	f0Active: number;
	f1Quarantined: number;
	/** Wards whose figures are in the totals today (reported since local midnight). */
	wardsReportedToday: number;
	wardCount: number;
	/** Count of wards per zone level (wards that never reported are not counted). */
	zones: Record<string, number>;
	worstZone: string | null;
}

/**
 * District totals over wards. Day figures sum only today's reports; state figures sum every ward's
 * latest report. The wall shows wardsReportedToday next to the totals so a partial sum is never
 * mistaken for the whole district.
 */
export function districtTotals(wards: ReadonlyArray<{ latest: CaseReport | null }>, scheme: ZoneSchemeName, now: Date): DistrictTotals {
	const t: DistrictTotals = {
		newF0Today: 0,
		newF0CommunityToday: 0,
		f0Active: 0,
		f1Quarantined: 0,
		wardsReportedToday: 0,
		wardCount: wards.length,
		zones: {},
		worstZone: null
	};
	for (const { latest } of wards) {
		if (!latest) continue;
		t.f0Active += latest.f0Active;
		t.f1Quarantined += latest.f1Quarantined;
		t.zones[latest.zone] = (t.zones[latest.zone] ?? 0) + 1;
		if (t.worstZone === null || zoneSeverity(scheme, latest.zone) > zoneSeverity(scheme, t.worstZone)) {
			t.worstZone = latest.zone;
		}
		if (isFromToday(latest, now)) {
			t.wardsReportedToday += 1;
			t.newF0Today += latest.f0NewCommunity + latest.f0NewQuarantine;
			t.newF0CommunityToday += latest.f0NewCommunity;
		}
	}
	return t;
}

/**
 * Turns what a person typed into a number the schema can judge, or leaves it as it was so the
 * schema reports why. Accepts Vietnamese digit grouping ("1.234" = 1234); "1,5" and "1.5" become
 * 1.5 so the answer is "must be a whole number", not "not a number".
 */
export function parseTypedCount(raw: string): number | string | undefined {
	const s = raw.trim().replace(/\s+/g, '');
	if (s === '') return undefined;
	if (/^-?\d{1,3}(\.\d{3})+$/.test(s)) return Number(s.replace(/\./g, ''));
	if (/^-?\d+([.,]\d+)?$/.test(s)) return Number(s.replace(',', '.'));
	return raw;
}
