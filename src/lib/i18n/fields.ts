/** Labels of case-report fields (Vietnamese first, English second) for forms, tables and CSV. */
import type { CaseCountField } from '../domain/cases.ts';

export const CASE_FIELD_LABELS: Record<CaseCountField, { vi: string; en: string; hint: string }> = {
	f0NewCommunity: { vi: 'F0 mới trong cộng đồng', en: 'New F0 in the community', hint: 'Trong ngày, tính từ 00:00' },
	f0NewQuarantine: { vi: 'F0 mới đã được cách ly', en: 'New F0 already in quarantine', hint: 'Trong ngày, tính từ 00:00' },
	f0Active: { vi: 'F0 đang điều trị', en: 'Active F0', hint: 'Hiện tại' },
	f1Traced: { vi: 'F1 truy vết mới', en: 'F1 traced', hint: 'Trong ngày, tính từ 00:00' },
	f1Quarantined: { vi: 'F1 đang cách ly', en: 'F1 in quarantine', hint: 'Hiện tại' },
	f2: { vi: 'F2 đang theo dõi', en: 'F2 under monitoring', hint: 'Hiện tại' },
	samplesTested: { vi: 'Mẫu xét nghiệm', en: 'Samples tested', hint: 'Trong ngày, tính từ 00:00' },
	positives: { vi: 'Mẫu dương tính', en: 'Positive samples', hint: 'Trong ngày; không vượt số mẫu' },
	vaccineDoses: { vi: 'Mũi vắc-xin đã tiêm', en: 'Vaccine doses given', hint: 'Trong ngày, tính từ 00:00' }
};

export const CASE_FIELD_GROUPS: Array<{ vi: string; en: string; fields: CaseCountField[] }> = [
	{ vi: 'Ca bệnh', en: 'Cases', fields: ['f0NewCommunity', 'f0NewQuarantine', 'f0Active'] },
	{ vi: 'Truy vết', en: 'Tracing', fields: ['f1Traced', 'f1Quarantined', 'f2'] },
	{ vi: 'Xét nghiệm và tiêm chủng', en: 'Testing and vaccination', fields: ['samplesTested', 'positives', 'vaccineDoses'] }
];

/**
 * The fields of tablet entries by their public (API) names, so a refusal reads "Số lượng: Không đủ
 * hàng trong kho", not "quantity: …". A field not listed is shown by its API name.
 */
export const ENTRY_FIELD_LABELS: Record<string, string> = {
	...Object.fromEntries(Object.entries(CASE_FIELD_LABELS).map(([k, v]) => [k, v.vi])),
	zone: 'Cấp độ vùng',
	note: 'Ghi chú',
	kind: 'Loại ghi nhận',
	amount: 'Số người / số giường',
	status: 'Trạng thái',
	item: 'Mặt hàng',
	quantity: 'Số lượng',
	supplier: 'Nguồn hàng',
	destinationKind: 'Nơi nhận',
	destination: 'Tên nơi nhận',
	to: 'Đến kho',
	personName: 'Họ tên',
	personKey: 'Số CCCD / số hiệu',
	force: 'Lực lượng',
	dutyId: 'Ca trực',
	name: 'Tên',
	address: 'Địa chỉ, mô tả',
	people: 'Số người',
	households: 'Số hộ',
	idempotencyKey: 'Mã mục nhập'
};
