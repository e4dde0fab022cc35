/**
 * How an entry waiting on a tablet is named in its list ("Tiếp nhận 5 người — Quần Ngựa"). The name
 * is made once, when the entry is queued, from what the page showed then: the list stays readable
 * after a reload, even offline, without looking anything up.
 */
import type { FacilityStatus, MovementKind } from '../domain/quarantine.ts';
import type { DestinationKind } from '../domain/stock.ts';
import type { Force } from '../domain/checkpoint.ts';
import { DESTINATION_LABELS, FACILITY_STATUS_LABELS, FORCE_LABELS, WELFARE_LABELS } from './labels.ts';
import { WELFARE_FIELDS, type WelfareEntry } from '../domain/welfare.ts';
import { formatCount, formatDayMonth } from '../domain/time.ts';
import type { ZoneSchemeName } from '../domain/zones.ts';
import { vi } from './vi.ts';

export function caseReportLabel(f0Active: number): string {
	return `Báo cáo ca bệnh · F0 đang điều trị ${formatCount(f0Active)}`;
}

/** "An sinh xã hội · Hộ được hỗ trợ 4 · Người được hỗ trợ 11": the figures the report gives, in the form's order. */
export function welfareReportLabel(v: WelfareEntry): string {
	const given = WELFARE_FIELDS.filter((k) => v[k] !== undefined).map((k) => `${WELFARE_LABELS[k].vi} ${formatCount(v[k]!)}`);
	return `An sinh xã hội · ${given.join(' · ')}`;
}

export function movementLabel(kind: MovementKind, amount: number, facility: string): string {
	const what = {
		admission: `Tiếp nhận ${formatCount(amount)} người`,
		discharge: `Cho ra ${formatCount(amount)} người`,
		capacity: `Đổi số giường thành ${formatCount(amount)}`
	}[kind];
	return `${what} — ${facility}`;
}

export function statusLabel(status: FacilityStatus, facility: string): string {
	return `Đổi trạng thái: ${FACILITY_STATUS_LABELS[status].vi} — ${facility}`;
}

export type StockEntry =
	| { kind: 'receipt'; supplier: string | null }
	| { kind: 'issue'; destinationKind: DestinationKind; destination: string; packages?: number | null }
	| { kind: 'transfer'; to: string };

/** `item` is the item's name and unit as the page shows them ("Gạo", "kg"). */
export function stockLabel(e: StockEntry, quantity: number, item: { name: string; unit: string }): string {
	const goods = `${formatCount(quantity)} ${item.unit} ${item.name}`;
	switch (e.kind) {
		case 'receipt':
			return `Nhập ${goods}${e.supplier ? ` — từ ${e.supplier}` : ''}`;
		case 'issue':
			return `Xuất ${goods} — ${DESTINATION_LABELS[e.destinationKind].vi}: ${e.destination}${e.packages != null ? ` (${formatCount(e.packages)} suất quà)` : ''}`;
		case 'transfer':
			return `Điều chuyển ${goods} — đến ${e.to}`;
	}
}

export function checkInLabel(personName: string, force: Force, checkpoint: string): string {
	return `Vào ca: ${personName} (${FORCE_LABELS[force].vi}) — ${checkpoint}`;
}

export function checkOutLabel(personName: string, checkpoint: string): string {
	return `Kết thúc ca: ${personName} — ${checkpoint}`;
}

/** Closing a check-in left open from an ended shift, at that shift's end (`HH:mm dd/MM/yyyy`). */
export function closeShiftLabel(personName: string, checkpoint: string, endedAt: string): string {
	return `Đóng ca cũ lúc ${endedAt}: ${personName} — ${checkpoint}`;
}

export function carryOverLabel(personName: string, checkpoint: string): string {
	return `Chuyển sang ca này: ${personName} — ${checkpoint}`;
}

export function blockadeOpenLabel(name: string, people: number): string {
	return `Mở khu phong tỏa: ${name} · ${formatCount(people)} người`;
}

export function testRoundLabel(round: number, of: number, positives: number, blockade: string): string {
	return `Xét nghiệm lần ${round}/${of}: ${formatCount(positives)} dương tính — ${blockade}`;
}

export function liftLabel(reference: string, blockade: string): string {
	return `Gỡ phong tỏa (${reference}) — ${blockade}`;
}

/** What an edit changes, in the order the form shows it ("Cập nhật khu phong tỏa: Ngõ 12 — Vùng da cam · 500 người"). */
export function blockadeEditLabel(
	blockade: string,
	change: { name?: string; address?: string | null; zone?: string; people?: number; households?: number },
	scheme: ZoneSchemeName
): string {
	const parts = [
		change.name !== undefined ? `tên mới: ${change.name}` : null,
		change.address !== undefined ? (change.address ? `địa chỉ: ${change.address}` : 'xóa địa chỉ') : null,
		change.zone !== undefined ? (vi.zones[scheme][change.zone] ?? change.zone) : null,
		change.people !== undefined ? `${formatCount(change.people)} người` : null,
		change.households !== undefined ? `${formatCount(change.households)} hộ` : null
	].filter((p) => p !== null);
	return `Cập nhật khu phong tỏa: ${blockade} — ${parts.join(' · ')}`;
}

/** `Lịch trực Quận Ba Đình ngày 06/12: ca 1 Trần Thị Hoa, ca 2 chưa có trực chỉ huy, …` */
export function dutyRosterLabel(unit: string, date: string, shifts: ReadonlyArray<{ shift: number; leader: { name: string } | null }>): string {
	const list = shifts.map((s) => `ca ${s.shift} ${s.leader?.name ?? 'chưa có trực chỉ huy'}`).join(', ');
	return `Lịch trực ${unit} ngày ${formatDayMonth(date)}: ${list}`;
}
