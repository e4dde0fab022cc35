/**
 * What the live picture is made of — the district, its wards, facilities, stock levels,
 * checkpoints, open tasks, the snapshot a wall draws and the events that change it. The domain owns
 * these shapes (its rules work on them: alerts, the feed, the report); `contracts/live.ts`
 * re-exports them as the socket contract, with the validation of what a client may send.
 */
import type { CaseReport } from './cases.ts';
import type { ZoneSchemeName } from './zones.ts';
import type { FacilityStatus, PersonKind } from './quarantine.ts';
import type { Trend } from './trend.ts';
import type { WallLayout } from './wall-layout.ts';
import type { Blockade } from './blockade.ts';
import type { VaccinationPlan } from './progress.ts';
import type { LinkedBlockade } from './checkpoint.ts';
import type { WardWelfare, WelfareReport } from './welfare.ts';
import type { Inspection } from './inspections.ts';
import type { LiveTask } from './tasks.ts';
import type { DutyShiftPlan, DutyShiftRow } from './duty.ts';

/** A quarantine facility as every reader sees it. */
export interface FacilityView {
	code: string;
	name: string;
	wardCode: string | null;
	kind: string;
	address: string | null;
	status: FacilityStatus;
	capacity: number;
	occupied: number;
	demo: boolean;
	updatedAt: string;
}

export interface WardView {
	code: string;
	name: string;
	position: number;
	hotline: string | null;
	/** From the district file: coverage is measured against it (null: none given). */
	population: number | null;
	latest: CaseReport | null;
	/** When the ward entered its present zone (issue 13 §2), null before its first report. */
	zoneSince: string | null;
	/** The zone before the present one (null: the first known); absent in snapshots from before it. */
	zoneFrom?: string | null;
}

export interface DistrictView {
	code: string;
	name: string;
	zoneScheme: ZoneSchemeName;
	zoneLevels: readonly string[];
	/** Operator-set alert thresholds (the district file's `alerts`). */
	alerts: { occupancyWarn: number; occupancyCritical: number; blockadeRoundDays?: number; f1WaitingDays?: number };
	/** When situation reports are due (REPORT_SLOTS), local times of day: the wall's "next report". */
	reportSlots: string[];
	/** The district's target of quarantine beds, null when none is set (issue 11 §3). */
	quarantineBedTarget: number | null;
	/** Minutes after each slot a ward's report still counts as on time (the district file's `reportGraceMinutes`). */
	reportGraceMinutes: number;
	/** Doses per full course and the coverage goal (the district file's `vaccination`, issue 13 §3). */
	vaccination: VaccinationPlan;
	/** The district command post's hotline (the district file's `hotline`); null or absent: none given. */
	hotline?: string | null;
}

/**
 * The duty rosters a reader sees (issue 14 §1) over a window of days: the day of the running
 * shift's start (yesterday, before 06:00) to a couple of days ahead, so a wall crosses shift
 * changes and midnight on its own. A shift of a day outside `days` is not known (never "missing").
 */
export interface DutyPicture {
	days: string[];
	shifts: DutyShiftRow[];
}

/** Everything a wall needs to draw itself, consistent as of `seq`. */
export interface LiveSnapshot {
	seq: number;
	/** What this reader sees: the whole district, or one ward (ward roles). */
	scope: { ward: string | null };
	/** ISO instant the snapshot was read. */
	at: string;
	district: DistrictView;
	wards: WardView[];
	/** Quarantine facilities the reader may see (a ward reader: its ward's). */
	facilities: FacilityView[];
	/** New F0 per day, last 14 days, for the wall's charts (kept current by events). */
	trend: Trend;
	/** Stock levels of the warehouses the reader may see. */
	stock: StockLevel[];
	/** Checkpoints the reader may see, with who is on duty. */
	checkpoints: CheckpointView[];
	/** Every saved wall layout (a wall finds its own by slug; edits arrive as `layouts:changed`). */
	layouts: WallLayout[];
	/**
	 * Live (not archived) tasks of every board, open and done, as ward, deadline, focus, owner and
	 * checklist: the wall counts open / overdue / due today and the focus roll-up itself, because a
	 * task falls overdue by the clock, not by an edit. A ward reader gets its ward's.
	 */
	tasks: LiveTask[];
	/** Active blockades the reader may see (issue 13 §1), newest first. */
	blockades: Blockade[];
	/** Duty rosters of the district's post and the wards the reader sees (issue 14 §1); absent in snapshots from before. */
	duty?: DutyPicture;
	/**
	 * Social welfare of each ward the reader may see (issue 14 §2), and for a district reader the
	 * aid issued to no named ward (wardCode null); absent in snapshots from before it.
	 */
	welfare?: WardWelfare[];
	/** Set when the reader is a wall display (kiosk): its id and default layout. */
	kiosk: { id: string; layoutSlug: string | null } | null;
}

interface EventBase {
	seq: number;
	/** The previous event of the same ward (null: none, or not a ward event): gap detection for ward-limited readers. */
	wardPrevSeq: number | null;
	/** ISO instant of the commit. */
	at: string;
}

export interface CasesReportedEvent extends EventBase {
	type: 'cases:reported';
	wardCode: string;
	report: CaseReport;
}

interface QuarantineChangedEvent extends EventBase {
	type: 'quarantine:changed';
	/** The facility's ward, null for district-managed facilities. */
	wardCode: string | null;
	facility: FacilityView;
	/** Retired at run time (issue 11 §3): the wall drops it from every list and total. */
	retired?: true;
}

/** One item in one warehouse, as the wall and the tablets show it. */
export interface StockLevel {
	warehouseCode: string;
	warehouseName: string;
	wardCode: string | null;
	itemCode: string;
	itemName: string;
	unit: string;
	minDays: number;
	onHand: number;
	issuedLast7Days: number;
	/** At the last 7 days' issue rate; null when nothing was issued (rate unknown). */
	daysOfSupply: number | null;
	belowMinimum: boolean;
}

interface StockMovedEvent extends EventBase {
	type: 'stock:moved';
	/** The warehouse's ward (null: the district warehouse). */
	wardCode: string | null;
	/** The new levels of the items that moved in that warehouse. */
	levels: StockLevel[];
}

/**
 * A warehouse (itemCode null) or an item in one warehouse retired at run time (issue 11 §3): the
 * wall drops those levels. One event per warehouse, so a ward reader hears its own.
 */
interface StockRetiredEvent extends EventBase {
	type: 'stock:retired';
	wardCode: string | null;
	warehouseCode: string;
	itemCode: string | null;
}

/** The district's bed target changed: the wall shows "x / target" (null: no target). */
interface BedTargetChangedEvent extends EventBase {
	type: 'quarantine:target';
	wardCode: null;
	quarantineBedTarget: number | null;
}

/**
 * A checkpoint with its open check-ins, against what a shift requires. Which of them count is
 * decided by the clock (domain/checkpoint splitDuty): those of the running shift — their own, or
 * carried over into it — are present; those of an ended shift are "not ended" (chưa kết thúc ca).
 */
export interface CheckpointView {
	code: string;
	name: string;
	wardCode: string;
	kind: string;
	leadUnit: string;
	required: Record<string, number>;
	onDuty: Array<{ id: number; personName: string; force: string; shiftKey: string; carriedOverTo: string | null; checkedInAt: string }>;
	demo: boolean;
	/**
	 * The blockade a checkpoint inside a blockaded area names (issue 13 §1); null or absent: none
	 * (absent in snapshots and reports made before the link existed).
	 */
	blockade?: LinkedBlockade | null;
	/** Set only on the `checkpoints:changed` of its retirement: the wall drops it (issue 11 §3). */
	retired?: true;
}

interface CheckpointChangedEvent extends EventBase {
	type: 'checkpoints:changed';
	wardCode: string;
	checkpoint: CheckpointView;
	/** Retired at run time: the wall drops it from every list and total. */
	retired?: true;
}

/** A saved wall layout was created or edited (`layout` set) or deleted (`layout` null). */
interface LayoutsChangedEvent extends EventBase {
	type: 'layouts:changed';
	/** Not a ward's fact: every district-wide wall hears it. */
	wardCode: null;
	slug: string;
	layout: WallLayout | null;
}

/** A wall display's default layout was set (null: back to the default playlist). */
interface KioskLayoutChangedEvent extends EventBase {
	type: 'kiosks:layout-changed';
	wardCode: null;
	kioskId: string;
	layoutSlug: string | null;
}

/** The live tasks of one ward (or the district-wide ones, wardCode null) after a board changed: the whole list. */
interface TasksChangedEvent extends EventBase {
	type: 'tasks:changed';
	wardCode: string | null;
	tasks: LiveTask[];
}

/** A blockade was opened, edited, tested or lifted: the whole blockade as it now stands. */
interface BlockadesChangedEvent extends EventBase {
	type: 'blockades:changed';
	wardCode: string;
	blockade: Blockade;
}

/**
 * An inspection was recorded (issue 14 §3), on its ward's stream (null: a district-wide card): who,
 * when, the conclusion, the findings. Its consequence on the card arrives over the board's own
 * document (and the wall's counts as `tasks:changed`); the live picture itself holds no inspections.
 */
interface InspectionRecordedEvent extends EventBase {
	type: 'inspections:recorded';
	wardCode: string | null;
	inspection: Inspection;
}

/**
 * A unit's plan for one day was replaced (issue 14 §1): the whole day as it now stands. The
 * district's own (`unit` district) is not a ward's fact: `wardCode` null, heard district-wide.
 */
interface DutyChangedEvent extends EventBase {
	type: 'duty:changed';
	wardCode: string | null;
	unit: string;
	date: string;
	shifts: Array<DutyShiftPlan & { updatedBy: string; updatedAt: string }>;
}

/**
 * People of a ward admitted to or discharged from a facility (issue 13 §4), on the origin ward's
 * stream: its F1 waiting and returned home follow it wherever the facility is.
 */
export interface FlowMovedEvent extends EventBase {
	type: 'quarantine:flow';
	/** The ward the people came from. */
	wardCode: string;
	kind: 'admission' | 'discharge';
	personKind: PersonKind | null;
	amount: number;
	/** When it was made on the device: the day it counts on. */
	madeAt: string;
}

/**
 * A ward's welfare changed (issue 14 §2): a welfare report (`report` set) or an issue to households
 * from stock. Carries the ward's whole welfare, so the wall replaces its row: a replay stays exact.
 */
interface WelfareReportedEvent extends EventBase {
	type: 'welfare:reported';
	/** null: the district warehouse's aid to no named ward (district readers only). */
	wardCode: string | null;
	welfare: WardWelfare;
	report?: WelfareReport;
}

/** Every fact the server publishes. Add new kinds here; clients ignore kinds they do not know. */
export type LiveEvent =
	| CasesReportedEvent
	| QuarantineChangedEvent
	| FlowMovedEvent
	| StockMovedEvent
	| StockRetiredEvent
	| BedTargetChangedEvent
	| CheckpointChangedEvent
	| LayoutsChangedEvent
	| KioskLayoutChangedEvent
	| TasksChangedEvent
	| BlockadesChangedEvent
	| InspectionRecordedEvent
	| DutyChangedEvent
	| WelfareReportedEvent;
