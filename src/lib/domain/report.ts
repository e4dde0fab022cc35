/**
 * A situation report, built from the district as it stood at one instant: the sections people
 * read, and every number flat (`figures`) with its change since the previous report. Pure: the
 * reports service reads the data as of the slot and stores what this returns, unchanged forever.
 * A correction builds a new revision from the original's content with some figures replaced.
 */
import type { CheckpointView, FacilityView, LiveSnapshot, OpenTask, StockLevel } from '../contracts/live.ts';
import type { Correction, ReportContent, ReportFigure, ReportWard } from '../contracts/reports.ts';
import { fieldError, type FieldError } from '../contracts/errors.ts';
import { computeAlerts } from './alerts.ts';
import { CASE_COUNT_FIELDS, DAY_FIELDS, caseReportRuleErrors, districtTotals, isFromToday, type CaseCountField, type CaseReport } from './cases.ts';
import { checkpointStaffing } from './checkpoint.ts';
import { bedSummary, receivesF1, thresholdsOf } from './quarantine.ts';
import { countTasks, NO_TASKS } from './tasks.ts';
import type { ZoneSchemeName } from './zones.ts';

export interface ReportInput {
	district: { code: string; name: string; zoneScheme: ZoneSchemeName; zoneLevels: readonly string[]; alerts: { occupancyWarn: number; occupancyCritical: number } };
	asOf: Date;
	previousSlot: Date | null;
	wards: Array<{ code: string; name: string; reportingIntervalMinutes: number; latest: CaseReport | null }>;
	facilities: FacilityView[];
	stock: StockLevel[];
	checkpoints: CheckpointView[];
	tasks: OpenTask[];
	tasksAsAt: 'asOf' | 'generation';
}

const CASE_LABELS: Record<CaseCountField, { vi: string; en: string }> = {
	f0NewCommunity: { vi: 'F0 mới trong cộng đồng (trong ngày)', en: 'New F0 in the community (today)' },
	f0NewQuarantine: { vi: 'F0 mới trong khu cách ly (trong ngày)', en: 'New F0 already in quarantine (today)' },
	f0Active: { vi: 'F0 đang điều trị', en: 'Active F0' },
	f1Traced: { vi: 'F1 truy vết (trong ngày)', en: 'F1 traced (today)' },
	f1Quarantined: { vi: 'F1 đang cách ly', en: 'F1 in quarantine' },
	f2: { vi: 'F2', en: 'F2' },
	samplesTested: { vi: 'Mẫu xét nghiệm (trong ngày)', en: 'Samples tested (today)' },
	positives: { vi: 'Mẫu dương tính (trong ngày)', en: 'Positives (today)' },
	vaccineDoses: { vi: 'Mũi tiêm (trong ngày)', en: 'Vaccine doses (today)' }
};

type Fig = Omit<ReportFigure, 'previous' | 'change'>;

/** A ward's case figures at `asOf`: day figures only from a report of that same local day. */
export function wardCaseValue(latest: CaseReport | null, field: CaseCountField, asOf: Date): number | null {
	if (!latest) return null;
	if (DAY_FIELDS.includes(field) && !isFromToday(latest, asOf)) return null;
	return latest[field];
}

/** Every number of the report, without the comparison (see withChanges). */
export function reportFigures(c: Omit<ReportContent, 'figures' | 'corrected' | 'alerts' | 'previous'> & { alerts: ReportContent['alerts'] }): Fig[] {
	const asOf = new Date(c.asOf);
	const out: Fig[] = [];
	const d = (key: string, vi: string, en: string, value: number | null, unit?: string) =>
		out.push({ key: `district:${key}`, section: 'district', scope: 'district', subject: c.district.name, label: { vi, en }, value, ...(unit ? { unit } : {}) });

	const totals = districtTotals(c.wards, c.district.zoneScheme as ZoneSchemeName, asOf);
	const sumDay = (f: CaseCountField) => c.wards.reduce((s, w) => s + (wardCaseValue(w.latest, f, asOf) ?? 0), 0);
	d('newF0', 'F0 mới trong ngày', 'New F0 today', totals.newF0Today);
	d('newF0Community', 'F0 mới trong cộng đồng', 'New F0 in the community', totals.newF0CommunityToday);
	d('f0Active', 'F0 đang điều trị', 'Active F0', totals.f0Active);
	d('f1Quarantined', 'F1 đang cách ly', 'F1 in quarantine', totals.f1Quarantined);
	d('samplesTested', 'Mẫu xét nghiệm trong ngày', 'Samples tested today', sumDay('samplesTested'));
	d('positives', 'Mẫu dương tính trong ngày', 'Positives today', sumDay('positives'));
	d('vaccineDoses', 'Mũi tiêm trong ngày', 'Vaccine doses today', sumDay('vaccineDoses'));
	d('wardsReportedToday', 'Phường đã báo cáo trong ngày', 'Wards reported today', totals.wardsReportedToday);
	d('wardsNotReportedSincePrevious', 'Phường chưa báo cáo từ kỳ trước', 'Wards not reported since the previous slot', c.wards.filter((w) => !w.reportedSincePrevious).length);
	const { quarantine: beds, treatingF0 } = bedSummary(c.facilities);
	d('bedsCapacity', 'Giường cách ly (đang dùng được)', 'Quarantine beds (in service)', beds.capacity);
	d('bedsOccupied', 'Giường cách ly đang có người', 'Quarantine beds occupied', beds.occupied);
	d('bedsFree', 'Giường cách ly trống', 'Quarantine beds free', beds.free);
	d('bedsPreparing', 'Giường đang chuẩn bị', 'Beds being prepared', beds.preparing);
	// Converted facilities: their own line, never inside the quarantine figures above.
	d('f0BedsCapacity', 'Giường điều trị F0', 'F0-treatment beds', treatingF0.capacity);
	d('f0BedsOccupied', 'Giường điều trị F0 đang có người', 'F0-treatment beds occupied', treatingF0.occupied);
	d('f0BedsFree', 'Giường điều trị F0 trống', 'F0-treatment beds free', treatingF0.free);
	d('itemsBelowMinimum', 'Mặt hàng dưới mức tối thiểu', 'Items under their minimum', c.stock.filter((l) => l.belowMinimum).length);
	// The shift running at the report's instant: a check-in left open from an ended shift is not counted.
	const gaps = c.checkpoints.map((k) => checkpointStaffing(k, asOf));
	d('checkpointsShort', 'Chốt thiếu người', 'Checkpoints short of staff', gaps.filter((g) => g.gap > 0).length);
	d('staffingGap', 'Số người còn thiếu tại các chốt', 'People missing at checkpoints', gaps.reduce((s, g) => s + g.gap, 0));
	d('tasksOpen', 'Nhiệm vụ đang mở', 'Open tasks', c.tasks.total.open);
	d('tasksOverdue', 'Nhiệm vụ quá hạn', 'Overdue tasks', c.tasks.total.overdue);
	d('tasksDueToday', 'Nhiệm vụ đến hạn hôm nay', 'Tasks due today', c.tasks.total.dueToday);
	d('alertsCritical', 'Cảnh báo nghiêm trọng', 'Critical alerts', c.alerts.filter((a) => a.severity === 'critical').length);
	d('alertsWarning', 'Cảnh báo', 'Warnings', c.alerts.filter((a) => a.severity === 'warning').length);

	for (const w of c.wards) {
		for (const f of CASE_COUNT_FIELDS)
			out.push({ key: `ward:${w.code}:${f}`, section: 'cases', scope: w.code, subject: w.name, label: CASE_LABELS[f], value: wardCaseValue(w.latest, f, asOf) });
		out.push({ key: `ward:${w.code}:tasksOpen`, section: 'tasks', scope: w.code, subject: w.name, label: { vi: 'Nhiệm vụ đang mở', en: 'Open tasks' }, value: w.tasks.open });
		out.push({ key: `ward:${w.code}:tasksOverdue`, section: 'tasks', scope: w.code, subject: w.name, label: { vi: 'Nhiệm vụ quá hạn', en: 'Overdue tasks' }, value: w.tasks.overdue });
	}
	for (const f of c.facilities) {
		const fig = (k: string, vi: string, en: string, value: number) =>
			out.push({ key: `facility:${f.code}:${k}`, section: 'quarantine', scope: f.code, subject: f.name, label: { vi, en }, value, unit: 'giường' });
		fig('capacity', 'Số giường', 'Beds', f.capacity);
		fig('occupied', 'Đang cách ly', 'Occupied', f.occupied);
		// Free beds are beds that can take someone now: none in a site being prepared or closed.
		fig('free', 'Giường trống', 'Free', receivesF1(f.status) || f.status === 'treating_f0' ? f.capacity - f.occupied : 0);
	}
	for (const l of c.stock) {
		const subject = `${l.warehouseName} — ${l.itemName}`;
		out.push({ key: `stock:${l.warehouseCode}:${l.itemCode}:onHand`, section: 'stock', scope: l.warehouseCode, subject, label: { vi: 'Tồn kho', en: 'On hand' }, value: l.onHand, unit: l.unit });
		out.push({
			key: `stock:${l.warehouseCode}:${l.itemCode}:daysOfSupply`,
			section: 'stock',
			scope: l.warehouseCode,
			subject,
			label: { vi: 'Số ngày đủ dùng', en: 'Days of supply' },
			value: l.daysOfSupply === null ? null : Math.round(l.daysOfSupply * 10) / 10,
			unit: 'ngày'
		});
	}
	const wardName = new Map(c.wards.map((w) => [w.code, w.name]));
	c.checkpoints.forEach((k, i) => {
		const s = gaps[i]!;
		const required = s.forces.reduce((n, f) => n + f.required, 0);
		const present = s.forces.reduce((n, f) => n + f.present, 0);
		// Readers see the checkpoint's name and its ward's, never a code (the key keeps the code).
		const ward = wardName.get(k.wardCode);
		const subject = ward ? `${k.name} — Phường ${ward}` : k.name;
		const fig = (key: string, vi: string, en: string, value: number) =>
			out.push({ key: `checkpoint:${k.code}:${key}`, section: 'checkpoints', scope: k.code, subject, label: { vi, en }, value, unit: 'người' });
		fig('required', 'Cần có', 'Required', required);
		fig('present', 'Có mặt', 'Present', present);
		fig('gap', 'Còn thiếu', 'Missing', s.gap);
	});
	return out;
}

/** Adds each figure's previous value and change (same key in the previous report). */
export function withChanges(figures: Fig[], previous: readonly ReportFigure[] | null): ReportFigure[] {
	const prev = new Map((previous ?? []).map((f) => [f.key, f.value]));
	return figures.map((f) => {
		const p = prev.get(f.key) ?? null;
		return { ...f, previous: p, change: f.value !== null && p !== null ? Math.round((f.value - p) * 10) / 10 : null };
	});
}

/** The report's content at `input.asOf`, compared with `previous` (the report before it). */
export function buildReport(input: ReportInput, previous: { id: number; asOf: string; figures: readonly ReportFigure[] } | null): ReportContent {
	const asOf = input.asOf;
	const counts = countTasks(input.tasks, asOf);
	const wards: ReportWard[] = input.wards.map((w) => ({
		code: w.code,
		name: w.name,
		latest: w.latest,
		reportedSincePrevious: w.latest !== null && (input.previousSlot === null || new Date(w.latest.reportedAt).getTime() > input.previousSlot.getTime()),
		tasks: counts.byWard[w.code] ?? { ...NO_TASKS }
	}));
	const snapshot: LiveSnapshot = {
		seq: 0,
		scope: { ward: null },
		at: asOf.toISOString(),
		district: { ...input.district, zoneLevels: [...input.district.zoneLevels], reportSlots: [] },
		wards: input.wards.map((w, i) => ({ code: w.code, name: w.name, position: i, reportingIntervalMinutes: w.reportingIntervalMinutes, hotline: null, latest: w.latest })),
		facilities: input.facilities,
		trend: { days: [], wards: {}, district: [] },
		stock: input.stock,
		checkpoints: input.checkpoints,
		layouts: [],
		tasks: input.tasks,
		kiosk: null
	};
	const alerts = computeAlerts(snapshot, asOf, { occupancy: thresholdsOf(input.district.alerts) });
	const base = {
		version: 1 as const,
		district: { code: input.district.code, name: input.district.name, zoneScheme: input.district.zoneScheme, zoneLevels: input.district.zoneLevels },
		asOf: asOf.toISOString(),
		previousSlot: input.previousSlot?.toISOString() ?? null,
		wards,
		facilities: input.facilities,
		stock: input.stock,
		checkpoints: input.checkpoints,
		tasks: { total: counts.total, districtWide: counts.district, asAt: input.tasksAsAt },
		alerts
	};
	return {
		...base,
		previous: previous ? { id: previous.id, asOf: previous.asOf } : null,
		figures: withChanges(reportFigures(base), previous?.figures ?? null),
		corrected: {}
	};
}

/**
 * A revision: the original's content with some wards' case figures corrected. Refused (errors
 * naming `wards.<code>.<field>`) when a ward is unknown, never reported at that time, or the
 * corrected figures break a rule (positives above samples).
 */
export function applyCorrection(original: ReportContent, correction: Correction): { ok: true; content: ReportContent } | { ok: false; errors: FieldError[] } {
	const errors: FieldError[] = [];
	const wards = original.wards.map((w) => ({ ...w }));
	const corrected: Record<string, number | null> = { ...original.corrected };
	const entries = Object.entries(correction.wards);
	let changed = false;
	if (entries.length === 0) errors.push(fieldError('wards', 'required'));
	for (const [code, fields] of entries) {
		const w = wards.find((x) => x.code === code);
		if (!w) {
			errors.push(fieldError(`wards.${code}`, 'unknown_ward'));
			continue;
		}
		if (!w.latest) {
			errors.push(fieldError(`wards.${code}`, 'invalid', 'phường chưa có báo cáo tại thời điểm này / no report at that time'));
			continue;
		}
		const next = { ...w.latest };
		for (const [f, v] of Object.entries(fields) as Array<[CaseCountField, number | undefined]>) {
			if (v === undefined || next[f] === v) continue;
			changed = true;
			const key = `ward:${code}:${f}`;
			if (!(key in corrected)) corrected[key] = original.figures.find((x) => x.key === key)?.value ?? null;
			next[f] = v;
		}
		for (const e of caseReportRuleErrors(next)) errors.push(fieldError(`wards.${code}.${e.field}`, e.code));
		w.latest = next;
	}
	// A revision that changes nothing would only blur the record.
	if (errors.length === 0 && !changed) errors.push(fieldError('wards', 'invalid', 'không có số liệu nào thay đổi / nothing changes'));
	if (errors.length) return { ok: false, errors };
	const previousFigures = original.figures.map((f) => ({ ...f, value: f.previous }));
	const base = { ...original, wards };
	const content: ReportContent = {
		...base,
		figures: withChanges(reportFigures(base), original.previous ? previousFigures : null),
		corrected
	};
	return { ok: true, content };
}
