/**
 * Presentation (not rules: those are in lib/domain; this may speak a language, lib/i18n).
 * How a situation report reads: the words and numbers of the list, the printable page, its CSV and
 * the history page, computed from a report's frozen content. Pure (no I/O, no framework), so the
 * pages only render what these return and the wording is unit-tested once.
 *
 * Everything is read from `content.figures` where a figure exists, never recomputed from the
 * sections: the figure is what was frozen, compared and possibly corrected, so the page, the CSV
 * and the history chart can never disagree.
 */
import type { ReportContent, ReportFigure, ReportSummary, ReportView } from '../domain/report-content.ts';
import { fill, messages, type Messages } from '../i18n/messages.ts';
import { CASE_COUNT_FIELDS, type CaseCountField } from '../domain/cases.ts';
import type { DistrictFigure } from '../domain/report.ts';
import { DISTRICT_FIGURE_LABELS } from '../i18n/report.ts';
import { checkpointStaffing } from '../domain/checkpoint.ts';
import { CHECKPOINT_KIND_LABELS, FACILITY_STATUS_LABELS, FORCE_LABELS, checkpointKindLabel } from '../i18n/labels.ts';
import type { FacilityStatus } from '../domain/quarantine.ts';
import { dayKey, formatCount, formatDate, formatDateTime, formatDecimal, formatTime, localParts } from '../domain/time.ts';

export type ReportMessages = Messages['report'];
const VI = messages.vi.report;

/** Re-exported: report pages import it from here. */
export { fill };

/** The typographic minus: "−2" reads as a decrease in print, a hyphen can read as a dash. */
const MINUS = '\u2212';

/** A figure as printed: 1.234, 12,5, or "—" when not known at that time. */
export function formatValue(value: number | null | undefined): string {
	if (value == null) return '—';
	return Number.isInteger(value) ? formatCount(value) : formatDecimal(value);
}

/** The change since the previous report: "+3", "−2", "±0"; "" when there is nothing to compare. */
export function formatChange(change: number | null | undefined): string {
	if (change == null) return '';
	if (change === 0) return '±0';
	const abs = formatValue(Math.abs(change));
	return change > 0 ? `+${abs}` : `${MINUS}${abs}`;
}

/** "18:00 02/09/2021": the slot a report was made for, or the instant of one made on demand. */
export function slotLabel(r: Pick<ReportSummary, 'slotAt' | 'asOf'>): string {
	return formatDateTime(new Date(r.slotAt ?? r.asOf));
}

/** "18:00 02/09": the history chart's axis, where the year only crowds the labels. */
function shortSlotLabel(asOf: string): string {
	const p = localParts(new Date(asOf));
	return `${p.hour}:${p.minute} ${p.day}/${p.month}`;
}

/** When a ward reported, as the report prints it: "09:30" on the report's own day, "09:30 01/09/2021" before it. */
export function reportedAtLabel(reportedAt: string, asOf: string): string {
	const at = new Date(reportedAt);
	return dayKey(at) === dayKey(new Date(asOf)) ? formatTime(at) : formatDateTime(at);
}

/** "Tính đến 18:00 ngày 02/09/2021". */
export function asOfLine(asOf: string, m: ReportMessages = VI): string {
	const at = new Date(asOf);
	return fill(m.asOf, { time: formatTime(at), date: formatDate(at) });
}

/** "Bản sửa 1" for a revision, null for an original. */
export function revisionLabel(r: Pick<ReportSummary, 'revision' | 'revises'>, m: ReportMessages = VI): string | null {
	return r.revises === null ? null : fill(m.revisionShort, { n: r.revision });
}

/** "Bản sửa lần 1 — lý do: … — người sửa: …, 18:25 02/09/2021"; null for an original. */
export function revisionMark(r: Pick<ReportView, 'revision' | 'revises' | 'reason' | 'generatedBy' | 'generatedAt'>, m: ReportMessages = VI): string | null {
	if (r.revises === null) return null;
	return fill(m.revisionMark, { n: r.revision, reason: r.reason ?? '—', who: r.generatedBy, at: formatDateTime(new Date(r.generatedAt)) });
}

/**
 * "Đã gửi 18:07 bởi Phạm Minh Đức" or "Chưa gửi". The date is added only when the report was sent
 * on another day than the one it describes (a late send must not read as a same-day one).
 */
export function sentLabel(r: Pick<ReportSummary, 'asOf' | 'sentAt' | 'sentBy'>, m: ReportMessages = VI): string {
	if (!r.sentAt) return m.notSent;
	const at = new Date(r.sentAt);
	const when = dayKey(at) === dayKey(new Date(r.asOf)) ? formatTime(at) : formatDateTime(at);
	return r.sentBy ? fill(m.sentBy, { when, who: r.sentBy }) : fill(m.sentAt, { when });
}

/** "UBND QUẬN BA ĐÌNH": the issuing authority in capitals, as official documents print it. */
export function authorityLine(districtName: string, m: ReportMessages = VI): string {
	return fill(m.authority, { district: districtName }).toLocaleUpperCase('vi');
}

/**
 * "Ba Đình, ngày 02 tháng 9 năm 2021". Decree 30/2020/NĐ-CP on official documents: days below 10
 * and the months January and February take a leading zero, other months do not.
 */
export function placeDateLine(districtName: string, at: Date, m: ReportMessages = VI): string {
	const p = localParts(at);
	const month = Number(p.month);
	return fill(m.placeDate, {
		place: districtName.replace(/^(Quận|Huyện|Thị xã|Thành phố)\s+/i, ''),
		day: p.day,
		month: month <= 2 ? p.month : String(month),
		year: p.year
	});
}

/** `bao-cao-2021-09-02-1800-r1.csv`: sortable, and the revision is in the name. */
export function csvFileName(r: Pick<ReportView, 'asOf' | 'revision'>): string {
	const p = localParts(new Date(r.asOf));
	return `bao-cao-${p.year}-${p.month}-${p.day}-${p.hour}${p.minute}-r${r.revision}.csv`;
}

const CSV_COLUMNS = ['section', 'scope', 'subject', 'label', 'unit', 'value', 'previous', 'change', 'key', 'corrected_from'] as const;

/**
 * The CSV of a report: a few header rows saying which report it is, a blank row, then one row per
 * figure. Numbers stay numbers (dot decimals, no grouping) so a spreadsheet can compute with them;
 * `corrected_from` holds the value before a correction.
 */
export function reportCsvRows(r: ReportView): Array<Array<string | number>> {
	const c = r.content;
	const head: Array<Array<string | number>> = [
		['Báo cáo số', r.id],
		['Đơn vị', c.district.name],
		['Tính đến', formatDateTime(new Date(c.asOf)), c.asOf],
		['Bản', r.revision, r.revises === null ? 'Bản gốc' : `Sửa báo cáo số ${r.revises}: ${r.reason ?? ''}`],
		['Báo cáo trễ', r.late ? 'Có' : 'Không'],
		['Kỳ trước', c.previous ? formatDateTime(new Date(c.previous.asOf)) : '', c.previous?.asOf ?? ''],
		[]
	];
	const num = (v: number | null) => (v === null ? '' : v);
	const rows = c.figures.map((f) => [
		f.section,
		f.scope,
		f.subject,
		f.label.vi,
		f.unit ?? '',
		num(f.value),
		num(f.previous),
		num(f.change),
		f.key,
		f.key in c.corrected ? num(c.corrected[f.key] ?? null) : ''
	]);
	return [...head, [...CSV_COLUMNS], ...rows];
}

/** One printed number: its value, change, and whether a revision corrected it (and from what). */
export interface Cell {
	key: string;
	value: number | null;
	previous: number | null;
	change: number | null;
	corrected: boolean;
	before: number | null;
}

const EMPTY: Omit<Cell, 'key'> = { value: null, previous: null, change: null, corrected: false, before: null };

/** key → Cell over a report's figures; a key the report does not have reads as unknown. */
export function cellLookup(content: Pick<ReportContent, 'figures' | 'corrected'>): (key: string) => Cell {
	const byKey = new Map<string, ReportFigure>(content.figures.map((f) => [f.key, f]));
	return (key) => {
		const f = byKey.get(key);
		const corrected = key in content.corrected;
		if (!f) return { key, ...EMPTY, corrected, before: corrected ? (content.corrected[key] ?? null) : null };
		return { key, value: f.value, previous: f.previous, change: f.change, corrected, before: corrected ? (content.corrected[key] ?? null) : null };
	};
}

/** The sum of some cells (a totals row): unknown only when every part is. */
export function sumCells(key: string, cells: readonly Cell[]): Cell {
	const sum = (vs: Array<number | null>) => (vs.some((v) => v !== null) ? vs.reduce<number>((s, v) => s + (v ?? 0), 0) : null);
	const value = sum(cells.map((c) => c.value));
	const previous = sum(cells.map((c) => c.previous));
	return {
		key,
		value,
		previous,
		change: value !== null && previous !== null ? value - previous : null,
		corrected: cells.some((c) => c.corrected),
		before: null
	};
}

/** positives / samples as a whole percentage; null when there were no samples. */
function positivityPct(positives: number | null, samples: number | null): number | null {
	if (positives === null || samples === null || samples === 0) return null;
	return Math.round((positives / samples) * 1000) / 10;
}

export interface WardRow {
	code: string;
	name: string;
	zone: string | null;
	reportedAt: string | null;
	reportedSincePrevious: boolean;
	cases: Record<CaseCountField, Cell>;
	newF0: Cell;
	positivityPct: number | null;
	tasks: { open: Cell; overdue: Cell; dueToday: number };
}

interface FacilityRow {
	code: string;
	name: string;
	status: FacilityStatus;
	statusLabel: string;
	capacity: Cell;
	occupied: Cell;
	free: Cell;
	occupancyPct: number | null;
}

interface StockRow {
	itemCode: string;
	itemName: string;
	unit: string;
	onHand: Cell;
	daysOfSupply: Cell;
	minDays: number;
	belowMinimum: boolean;
}

interface CheckpointRow {
	code: string;
	name: string;
	wardName: string;
	leadUnit: string;
	required: Cell;
	present: Cell;
	gap: Cell;
	/** The kind in words (border, main road, blockade, community self-managed). */
	kindLabel: string;
	forces: Array<{ force: string; label: string; required: number; present: number; gap: number }>;
	/** Police are the core force at a control checkpoint (seed 001 §4): none present on the shift is the worst gap. Never for a community one. */
	noPolice: boolean;
	/** Check-ins of an ended shift still open at the report's time (chưa kết thúc ca): not counted. */
	notEnded: number;
}

export interface ReportSections {
	district: Array<Cell & { label: string }>;
	wards: WardRow[];
	caseTotals: Record<CaseCountField, Cell> & { newF0: Cell };
	positivityPct: number | null;
	notReported: Array<{ code: string; name: string; lastReportedAt: string | null }>;
	facilities: FacilityRow[];
	bedTotals: { capacity: Cell; occupied: Cell; free: Cell; preparing: Cell; occupancyPct: number | null };
	/** *Giường điều trị F0*: converted facilities, apart from the quarantine total; null in reports made before the line existed. */
	f0BedTotals: { capacity: Cell; occupied: Cell; free: Cell; occupancyPct: number | null } | null;
	/** Stock as a matrix (a warehouse per row, an item per column): 15 warehouses × 8 items fit a page that way. */
	stock: {
		items: Array<{ code: string; name: string; unit: string; minDays: number }>;
		warehouses: Array<{ code: string; name: string; cells: Array<StockRow | null> }>;
	};
	itemsBelowMinimum: number;
	checkpoints: CheckpointRow[];
	checkpointsShort: number;
	tasks: {
		districtWide: { open: number; overdue: number; dueToday: number };
		total: { open: Cell; overdue: Cell; dueToday: Cell };
		asAt: 'asOf' | 'generation';
	};
	alerts: Array<{ id: string; severity: 'critical' | 'warning'; subject: string; message: string; since: string | null }>;
	/** What a revision changed: subject, figure, before → after. */
	corrected: Array<{ key: string; subject: string; label: string; before: number | null; after: number | null }>;
}

const pct = (part: number | null, whole: number | null) => (part === null || whole === null || whole === 0 ? null : Math.round((part / whole) * 100));

/** The printable report's sections, in the order the page prints them. */
export function reportSections(content: ReportContent, lang: 'vi' | 'en' = 'vi'): ReportSections {
	const cell = cellLookup(content);
	const wardName = new Map(content.wards.map((w) => [w.code, w.name]));

	const wards: WardRow[] = content.wards.map((w) => {
		const cases = Object.fromEntries(CASE_COUNT_FIELDS.map((f) => [f, cell(`ward:${w.code}:${f}`)])) as Record<CaseCountField, Cell>;
		return {
			code: w.code,
			name: w.name,
			zone: w.latest?.zone ?? null,
			reportedAt: w.latest?.reportedAt ?? null,
			reportedSincePrevious: w.reportedSincePrevious,
			cases,
			newF0: sumCells(`ward:${w.code}:newF0`, [cases.f0NewCommunity, cases.f0NewQuarantine]),
			positivityPct: positivityPct(cases.positives.value, cases.samplesTested.value),
			tasks: { open: cell(`ward:${w.code}:tasksOpen`), overdue: cell(`ward:${w.code}:tasksOverdue`), dueToday: w.tasks.dueToday }
		};
	});
	const totals = Object.fromEntries(
		CASE_COUNT_FIELDS.map((f) => [
			f,
			sumCells(
				`total:${f}`,
				wards.map((w) => w.cases[f])
			)
		])
	) as Record<CaseCountField, Cell>;
	const caseTotals = {
		...totals,
		newF0: sumCells(
			'total:newF0',
			wards.map((w) => w.newF0)
		)
	};

	const facilities: FacilityRow[] = content.facilities.map((f) => {
		const occupied = cell(`facility:${f.code}:occupied`);
		const capacity = cell(`facility:${f.code}:capacity`);
		return {
			code: f.code,
			name: f.name,
			status: f.status,
			statusLabel: FACILITY_STATUS_LABELS[f.status]?.[lang] ?? f.status,
			capacity,
			occupied,
			free: cell(`facility:${f.code}:free`),
			occupancyPct: f.status === 'preparing' || f.status === 'closed' ? null : pct(occupied.value, capacity.value)
		};
	});
	const bedsOccupied = cell('district:bedsOccupied');
	const bedsCapacity = cell('district:bedsCapacity');

	const items: ReportSections['stock']['items'] = [];
	const byWarehouse = new Map<string, { code: string; name: string; rows: Map<string, StockRow> }>();
	for (const l of content.stock) {
		if (!items.some((i) => i.code === l.itemCode)) items.push({ code: l.itemCode, name: l.itemName, unit: l.unit, minDays: l.minDays });
		let w = byWarehouse.get(l.warehouseCode);
		if (!w) byWarehouse.set(l.warehouseCode, (w = { code: l.warehouseCode, name: l.warehouseName, rows: new Map() }));
		w.rows.set(l.itemCode, {
			itemCode: l.itemCode,
			itemName: l.itemName,
			unit: l.unit,
			onHand: cell(`stock:${l.warehouseCode}:${l.itemCode}:onHand`),
			daysOfSupply: cell(`stock:${l.warehouseCode}:${l.itemCode}:daysOfSupply`),
			minDays: l.minDays,
			belowMinimum: l.belowMinimum
		});
	}
	const warehouses = [...byWarehouse.values()].map((w) => ({ code: w.code, name: w.name, cells: items.map((i) => w.rows.get(i.code) ?? null) }));

	const asOf = new Date(content.asOf);
	const checkpoints: CheckpointRow[] = content.checkpoints.map((k) => {
		const s = checkpointStaffing(k, asOf);
		return {
			code: k.code,
			name: k.name,
			// A name, never the code: a ward the report does not list reads as unknown.
			wardName: wardName.get(k.wardCode) ?? '—',
			leadUnit: k.leadUnit,
			// With the blockade it names, "(đã gỡ)" if lifted by the report's time.
			kindLabel: k.kind in CHECKPOINT_KIND_LABELS ? checkpointKindLabel(k)[lang] : '—',
			required: cell(`checkpoint:${k.code}:required`),
			present: cell(`checkpoint:${k.code}:present`),
			gap: cell(`checkpoint:${k.code}:gap`),
			forces: s.forces.map((f) => ({ ...f, label: FORCE_LABELS[f.force]?.[lang] ?? f.force })),
			noPolice: s.noPolice,
			notEnded: s.notEnded
		};
	});

	const figureLabel = new Map(content.figures.map((f) => [f.key, f]));
	return {
		district: content.figures.filter((f) => f.section === 'district').map((f) => ({ ...cell(f.key), label: f.label[lang] })),
		wards,
		caseTotals,
		positivityPct: positivityPct(caseTotals.positives.value, caseTotals.samplesTested.value),
		notReported: content.wards
			.filter((w) => !w.reportedSincePrevious)
			.map((w) => ({ code: w.code, name: w.name, lastReportedAt: w.latest?.reportedAt ?? null })),
		facilities,
		bedTotals: {
			capacity: bedsCapacity,
			occupied: bedsOccupied,
			free: cell('district:bedsFree'),
			preparing: cell('district:bedsPreparing'),
			occupancyPct: pct(bedsOccupied.value, bedsCapacity.value)
		},
		f0BedTotals: figureLabel.has('district:f0BedsCapacity')
			? {
					capacity: cell('district:f0BedsCapacity'),
					occupied: cell('district:f0BedsOccupied'),
					free: cell('district:f0BedsFree'),
					occupancyPct: pct(cell('district:f0BedsOccupied').value, cell('district:f0BedsCapacity').value)
				}
			: null,
		stock: { items, warehouses },
		itemsBelowMinimum: content.stock.filter((l) => l.belowMinimum).length,
		checkpoints,
		checkpointsShort: checkpoints.filter((k) => (k.gap.value ?? 0) > 0).length,
		tasks: {
			districtWide: content.tasks.districtWide,
			total: { open: cell('district:tasksOpen'), overdue: cell('district:tasksOverdue'), dueToday: cell('district:tasksDueToday') },
			asAt: content.tasks.asAt
		},
		alerts: content.alerts.map((a) => ({
			id: a.id,
			severity: a.severity === 'critical' ? 'critical' : 'warning',
			subject: a.subject,
			message: a.message[lang],
			since: a.since
		})),
		corrected: Object.keys(content.corrected).map((key) => {
			const f = figureLabel.get(key);
			return { key, subject: f?.subject ?? key, label: f?.label[lang] ?? key, before: content.corrected[key] ?? null, after: f?.value ?? null };
		})
	};
}

/** The case figures a correction may change, in the order the form shows them. */
export const CORRECTABLE_FIELDS: readonly CaseCountField[] = CASE_COUNT_FIELDS;

/**
 * A refusal's field (`wards.kim-ma.positives`, `reason`, `wards`) → the correction form's input
 * it belongs to (`positives`, `reason`), or null when it is about the whole form.
 */
export function correctionInputOf(field: string, ward: string): string | null {
	if (field === 'reason') return 'reason';
	const prefix = `wards.${ward}.`;
	if (field.startsWith(prefix)) {
		const name = field.slice(prefix.length);
		return (CASE_COUNT_FIELDS as readonly string[]).includes(name) ? name : null;
	}
	return null;
}

/** One line of a history chart or table: the sum of some figure keys (e.g. new F0 = community + quarantine). */
export interface SeriesSpec {
	id: string;
	label: { vi: string; en: string };
	keys: string[];
}

const series = (id: DistrictFigure): SeriesSpec => ({ id, label: DISTRICT_FIGURE_LABELS[id], keys: [`district:${id}`] });

export const DISTRICT_SERIES: readonly SeriesSpec[] = [
	series('newF0'),
	series('newF0Community'),
	series('f0Active'),
	series('f1Quarantined'),
	series('bedsOccupied'),
	series('bedsFree'),
	series('f0BedsOccupied'),
	series('samplesTested'),
	series('vaccineDoses'),
	series('tasksOverdue'),
	series('checkpointsShort'),
	{ ...series('wardsNotReportedSincePrevious'), id: 'wardsNotReported' }
];

/** A ward's lines: the same labels as the district's (a ward's new F0 is community + quarantine). */
export function wardSeries(code: string): SeriesSpec[] {
	const k = (f: string) => `ward:${code}:${f}`;
	const L = DISTRICT_FIGURE_LABELS;
	return [
		{ id: 'newF0', label: L.newF0, keys: [k('f0NewCommunity'), k('f0NewQuarantine')] },
		{ id: 'f0Active', label: L.f0Active, keys: [k('f0Active')] },
		{ id: 'f1Quarantined', label: L.f1Quarantined, keys: [k('f1Quarantined')] },
		{ id: 'samplesTested', label: L.samplesTested, keys: [k('samplesTested')] },
		{ id: 'positives', label: L.positives, keys: [k('positives')] },
		{ id: 'vaccineDoses', label: L.vaccineDoses, keys: [k('vaccineDoses')] },
		{ id: 'tasksOverdue', label: L.tasksOverdue, keys: [k('tasksOverdue')] }
	];
}

export interface SeriesPoint {
	id: number;
	asOf: string;
	late: boolean;
	figures: Record<string, number | null>;
}

/** A spec's value in one report: the sum of its keys, unknown when none of them is known. */
function seriesValue(point: SeriesPoint, spec: SeriesSpec): number | null {
	const vs = spec.keys.map((k) => point.figures[k] ?? null);
	return vs.some((v) => v !== null) ? vs.reduce<number>((s, v) => s + (v ?? 0), 0) : null;
}

/** The chart's and the table's numbers: one label per report (oldest first) and one line per spec. */
export function historySeries(
	points: readonly SeriesPoint[],
	specs: readonly SeriesSpec[]
): { labels: string[]; lines: Array<{ spec: SeriesSpec; values: Array<number | null> }> } {
	return {
		labels: points.map((p) => shortSlotLabel(p.asOf)),
		lines: specs.map((spec) => ({ spec, values: points.map((p) => seriesValue(p, spec)) }))
	};
}

/** Default date range of the list and history pages: the last `days` local days up to `now`'s. */
export function recentRange(now: Date, days: number): { from: string; to: string } {
	return { from: dayKey(new Date(now.getTime() - (days - 1) * 86_400_000)), to: dayKey(now) };
}
