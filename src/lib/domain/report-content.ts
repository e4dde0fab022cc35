/**
 * What a situation report holds, as the domain's report rules build and compare it; frozen at
 * generation. `contracts/reports.ts` re-exports these shapes with the validation of what a
 * correction may send.
 */
import type { CaseReport, CaseCountField } from './cases.ts';
import type { Alert } from './alerts.ts';
import type { TaskCounts, TaskRollup } from './tasks.ts';
import type { ReadinessPicture } from './readiness.ts';
import type { CheckpointView, FacilityView, StockLevel } from './live.ts';
import type { ReportBlockades } from './blockade.ts';
import type { ZoneChange, ZoneDirection } from './zones.ts';
import type { Progress } from './progress.ts';
import type { FlowPicture } from './f1-flow.ts';
import type { Welfare } from './welfare.ts';
import type { ReportInspections } from './inspections.ts';
import type { Shift } from './checkpoint.ts';
import type { UnitOnDuty } from './duty.ts';

/** One number of a report, flat: what the CSV lists, what changes are computed on, what history charts. */
export interface ReportFigure {
	/** Stable across reports, e.g. `ward:kim-ma:f0Active`, `district:bedsOccupied`, `stock:kho-quan:gao:onHand`. */
	key: string;
	section: 'district' | 'cases' | 'quarantine' | 'stock' | 'checkpoints' | 'tasks' | 'welfare';
	/** Ward, facility, warehouse or checkpoint code; `district` for district totals. */
	scope: string;
	/** Vietnamese name of the scope (ward, facility, "Kho quận — Gạo"…). */
	subject: string;
	label: { vi: string; en: string };
	unit?: string;
	/** null: not known at that time (e.g. a ward that had not reported that day). */
	value: number | null;
	/** The same figure in the previous report (null: not there, or unknown). */
	previous: number | null;
	/** value − previous when both are known. */
	change: number | null;
}

export interface ReportWard {
	code: string;
	name: string;
	/** The ward's newest report at the report's time (null: never reported). */
	latest: CaseReport | null;
	/** Reported after the previous slot (the one before this report's). */
	reportedSincePrevious: boolean;
	tasks: TaskCounts;
}

/** Everything in a report, frozen at generation: it never changes afterwards. */
export interface ReportContent {
	version: 1;
	district: { code: string; name: string; zoneScheme: string; zoneLevels: readonly string[] };
	/** The instant the figures describe (the slot, or "now" for a report made on demand). */
	asOf: string;
	/** The slot before this one: "since the previous slot" is measured from it. */
	previousSlot: string | null;
	/** The report this one is compared with (null: the first). */
	previous: { id: number; asOf: string } | null;
	wards: ReportWard[];
	facilities: FacilityView[];
	stock: StockLevel[];
	checkpoints: CheckpointView[];
	/** Open / overdue / due-today at asOf; `current` when they could only be read as at generation (a late report). */
	tasks: { total: TaskCounts; districtWide: TaskCounts; asAt: 'asOf' | 'generation' };
	alerts: Alert[];
	figures: ReportFigure[];
	/** Blockaded areas at asOf (issue 13 §1); absent in reports made before they existed. */
	blockades?: ReportBlockades;
	/** Every change of a ward's or a blockade's zone since the previous slot, better or worse (issue 13 §2). */
	zoneChanges?: Array<ZoneChange & { direction: ZoneDirection; subjectName: string }>;
	/** Testing and vaccination per ward and the district's at asOf (issue 13 §3); absent in reports made before. */
	progress?: Progress;
	/** F1 waiting to be moved, moved and returned home per ward at asOf (issue 13 §4); absent in reports made before. */
	flow?: FlowPicture;
	/** Social welfare per ward and the district's, today and to date, at asOf (issue 14 §2); absent in reports made before. */
	welfare?: Welfare;
	/** Inspections since the previous slot and the open recommendations at asOf (issue 14 §3); absent in reports made before. */
	inspections?: ReportInspections;
	/**
	 * Tasks per focus area with the open ones nobody owns, and the readiness checklists' completion
	 * per ward (issue 14 §4–5), at the same instant as `tasks`; absent in reports made before.
	 */
	focus?: { rollup: TaskRollup; readiness: ReadinessPicture };
	/** Who led the slot's shift at the district's post and each ward's, with the hotlines (issue 14 §1); absent in reports made before. */
	duty?: { shift: Shift; units: UnitOnDuty[] };
	/** Figures corrected by a revision: key → the value before. */
	corrected: Record<string, number | null>;
}

/** A report as readers see it: the content plus who made it, when, and whether it was sent. */
export interface ReportView {
	id: number;
	kind: 'scheduled' | 'manual';
	/** The slot it was made for (scheduled), null for one made on demand. */
	slotAt: string | null;
	asOf: string;
	generatedAt: string;
	/** Generated after its slot had passed (the server was down then). */
	late: boolean;
	revision: number;
	/** The report this revision corrects (its original), and why, and who. */
	revises: number | null;
	reason: string | null;
	generatedBy: string;
	sentAt: string | null;
	sentBy: string | null;
	/** The newest revision of the same original (itself when it is the newest), and its id. */
	latestRevision: number;
	latestId: number;
	content: ReportContent;
}

/** The list's row: no content. */
export type ReportSummary = Omit<ReportView, 'content'> & { wardsNotReported: number; alerts: number };

/** A correction of a report: why, and the corrected case figures of some wards (figures not named stay). */
export interface Correction {
	reason: string;
	wards: Record<string, Partial<Record<CaseCountField, number>>>;
}
