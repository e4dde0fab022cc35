/** The words a situation report freezes next to its numbers (domain/report ReportLabels). */
import { ZONE_WORDS } from './messages.ts';
import { CASE_COUNT_FIELDS, DAY_FIELDS, type CaseCountField } from '../domain/cases.ts';
import type { DistrictFigure, ReportLabels } from '../domain/report.ts';
import { CASE_FIELD_LABELS as F } from './fields.ts';
import { FORCE_LABELS, WELFARE_LABELS, WELFARE_STOCK_LABEL, type Label } from './labels.ts';
import { WELFARE_FIELDS } from '../domain/welfare.ts';

const pick = (l: Label): Label => ({ vi: l.vi, en: l.en });

/** The district-wide figures' labels: one place for the report's numbers and the history charts. */
export const DISTRICT_FIGURE_LABELS: Record<DistrictFigure, Label> = {
	newF0: { vi: 'F0 mới trong ngày', en: 'New F0 today' },
	newF0Community: pick(F.f0NewCommunity),
	f0Active: pick(F.f0Active),
	f1Quarantined: pick(F.f1Quarantined),
	samplesTested: { vi: 'Mẫu xét nghiệm trong ngày', en: 'Samples tested today' },
	positives: { vi: 'Mẫu dương tính trong ngày', en: 'Positives today' },
	vaccineDoses: { vi: 'Mũi tiêm trong ngày', en: 'Vaccine doses today' },
	dosesTotal: { vi: 'Tổng số mũi đã tiêm', en: 'Vaccine doses to date' },
	f1Waiting: { vi: 'F1 chờ chuyển cách ly tập trung', en: 'F1 waiting to be moved to quarantine' },
	coverage: { vi: 'Tỷ lệ bao phủ vắc xin', en: 'Vaccine coverage' },
	wardsReportedToday: { vi: 'Phường đã báo cáo trong ngày', en: 'Wards reported today' },
	wardsNotReportedSincePrevious: { vi: 'Phường chưa báo cáo từ kỳ trước', en: 'Wards not reported since the previous slot' },
	bedsCapacity: { vi: 'Giường cách ly (đang dùng được)', en: 'Quarantine beds (in service)' },
	bedsOccupied: { vi: 'Giường cách ly đang có người', en: 'Quarantine beds occupied' },
	bedsFree: { vi: 'Giường cách ly trống', en: 'Quarantine beds free' },
	bedsPreparing: { vi: 'Giường đang chuẩn bị', en: 'Beds being prepared' },
	f0BedsCapacity: { vi: 'Giường điều trị F0', en: 'F0-treatment beds' },
	f0BedsOccupied: { vi: 'Giường điều trị F0 đang có người', en: 'F0-treatment beds occupied' },
	f0BedsFree: { vi: 'Giường điều trị F0 trống', en: 'F0-treatment beds free' },
	itemsBelowMinimum: { vi: 'Mặt hàng dưới mức tối thiểu', en: 'Items under their minimum' },
	checkpointsShort: { vi: 'Chốt thiếu người', en: 'Checkpoints short of staff' },
	staffingGap: { vi: 'Số người còn thiếu tại các chốt', en: 'People missing at checkpoints' },
	tasksOpen: { vi: 'Nhiệm vụ đang mở', en: 'Open tasks' },
	tasksOverdue: { vi: 'Nhiệm vụ quá hạn', en: 'Overdue tasks' },
	tasksDueToday: { vi: 'Nhiệm vụ đến hạn hôm nay', en: 'Tasks due today' },
	alertsCritical: { vi: 'Cảnh báo nghiêm trọng', en: 'Critical alerts' },
	alertsWarning: { vi: 'Cảnh báo', en: 'Warnings' }
};

/** A ward's case figure in the report: the field's one label (i18n/fields), marked "in the day" where the figure counts from 00:00. */
const CASE_LABELS = Object.fromEntries(
	CASE_COUNT_FIELDS.map((f) => {
		const l = F[f];
		return [f, DAY_FIELDS.includes(f) ? { vi: `${l.vi} (trong ngày)`, en: `${l.en} (today)` } : pick(l)];
	})
) as Record<CaseCountField, Label>;

export const REPORT_LABELS: ReportLabels = {
	district: DISTRICT_FIGURE_LABELS,
	cases: CASE_LABELS,
	facility: { capacity: { vi: 'Số giường', en: 'Beds' }, occupied: { vi: 'Đang cách ly', en: 'Occupied' }, free: { vi: 'Giường trống', en: 'Free' } },
	stock: { onHand: { vi: 'Tồn kho', en: 'On hand' }, daysOfSupply: { vi: 'Số ngày đủ dùng', en: 'Days of supply' } },
	checkpoint: { required: { vi: 'Cần có', en: 'Required' }, present: { vi: 'Có mặt', en: 'Present' }, gap: { vi: 'Còn thiếu', en: 'Missing' } },
	alerts: { forces: FORCE_LABELS, zones: ZONE_WORDS },
	welfare: {
		...(Object.fromEntries(WELFARE_FIELDS.map((f) => [f, pick(WELFARE_LABELS[f])])) as Record<(typeof WELFARE_FIELDS)[number], Label>),
		aidFromStock: { vi: `${WELFARE_LABELS.aidPackages.vi} ${WELFARE_STOCK_LABEL.vi}`, en: `${WELFARE_LABELS.aidPackages.en} ${WELFARE_STOCK_LABEL.en}` }
	},
	welfarePeriod: { today: { vi: 'trong ngày', en: 'today' }, total: { vi: 'lũy kế', en: 'to date' } }
};
