/**
 * The words of the domain's codes, Vietnamese first, English second: once, here. The domain names
 * its roles, statuses, kinds and forces by code (lib/domain); what a person reads is looked up here.
 */
import type { Role } from '../domain/access.ts';
import { isControlled, type CheckpointKind, type Force, type LinkedBlockade } from '../domain/checkpoint.ts';
import type { FacilityStatus, PersonKind } from '../domain/quarantine.ts';
import type { DestinationKind } from '../domain/stock.ts';
import type { WelfareField } from '../domain/welfare.ts';
import type { Conclusion } from '../domain/inspections.ts';

export interface Label {
	vi: string;
	en: string;
}

export const ROLE_LABELS: Record<Role, Label> = {
	admin: { vi: 'Quản trị hệ thống', en: 'Administrator' },
	district_commander: { vi: 'Chỉ huy cấp quận', en: 'District commander' },
	ward_commander: { vi: 'Chỉ huy trưởng phường', en: 'Ward commander' },
	ward_staff: { vi: 'Cán bộ phường', en: 'Ward staff' },
	viewer: { vi: 'Chỉ xem', en: 'Viewer' },
	inspector: { vi: 'Thành viên đoàn kiểm tra', en: 'Inspection team member' }
};

/** An inspection's conclusion (đoàn kiểm tra). */
export const CONCLUSION_LABELS: Record<Conclusion, Label> = {
	pass: { vi: 'Đạt', en: 'Pass' },
	fail: { vi: 'Chưa đạt', en: 'Fail' },
	recommend: { vi: 'Kiến nghị', en: 'Recommendation' }
};

export const CHECKPOINT_KIND_LABELS: Record<CheckpointKind, Label> = {
	border: { vi: 'Chốt ranh giới phường', en: 'Ward border' },
	main_road: { vi: 'Chốt trục đường chính', en: 'Main road' },
	blockade: { vi: 'Chốt trong khu phong tỏa', en: 'Inside a blockaded area' },
	community: { vi: 'Chốt tự quản cộng đồng', en: 'Community self-managed' }
};

/** Said after a lifted blockade's name: it stays linked to its checkpoints as their history. */
const LIFTED: Label = { vi: 'đã gỡ', en: 'lifted' };

/** The blockade a checkpoint names: "Ngõ 12 Kim Mã", "Ngõ 12 Kim Mã (đã gỡ)" once lifted. */
export function linkedBlockadeLabel(b: LinkedBlockade): Label {
	return b.liftedAt === null ? { vi: b.name, en: b.name } : { vi: `${b.name} (${LIFTED.vi})`, en: `${b.name} (${LIFTED.en})` };
}

/**
 * A checkpoint's kind in words, with the blockade it names (issue 13 §1):
 * "Chốt trong khu phong tỏa · Ngõ 12 Kim Mã", "… (đã gỡ)" once the blockade is lifted.
 */
export function checkpointKindLabel(c: { kind: string; blockade?: LinkedBlockade | null }): Label {
	const kind = CHECKPOINT_KIND_LABELS[c.kind as CheckpointKind] ?? { vi: c.kind, en: c.kind };
	if (!c.blockade) return kind;
	const b = linkedBlockadeLabel(c.blockade);
	return { vi: `${kind.vi} · ${b.vi}`, en: `${kind.en} · ${b.en}` };
}

/** What a checkpoint's card says about the police rule (domain/checkpoint isControlled). */
const POLICE_RULE_LABELS = {
	controlled: { vi: 'Chốt kiểm soát — bắt buộc có công an mỗi ca', en: 'Control checkpoint — police required on every shift' },
	community: { vi: 'Chốt tự quản — không bắt buộc công an', en: 'Community self-managed — police not required' }
} as const;

export function policeRuleLabel(kind: string): Label {
	return isControlled(kind) ? POLICE_RULE_LABELS.controlled : POLICE_RULE_LABELS.community;
}

export const FORCE_LABELS: Record<Force, Label> = {
	police: { vi: 'Công an', en: 'Police' },
	army: { vi: 'Quân đội', en: 'Army' },
	militia: { vi: 'Dân quân tự vệ', en: 'Militia' },
	civil_defence: { vi: 'Dân phòng', en: 'Civil defence' },
	covid_team: { vi: 'Tổ COVID cộng đồng', en: 'Community COVID team' },
	volunteers: { vi: 'Thanh niên tình nguyện', en: 'Youth volunteers' },
	veterans: { vi: 'Cựu chiến binh', en: 'Veterans' }
};

export const DESTINATION_LABELS: Record<DestinationKind, Label> = {
	quarantine: { vi: 'Khu cách ly', en: 'Quarantine site' },
	households: { vi: 'Hộ gia đình', en: 'Households' },
	checkpoint: { vi: 'Chốt kiểm soát', en: 'Checkpoint' },
	hospital: { vi: 'Cơ sở điều trị', en: 'Treatment facility' },
	other: { vi: 'Khác', en: 'Other' }
};

/** Who an admission or a discharge moves (issue 13 §4); '' = not said. */
export const PERSON_KIND_OPTIONS: ReadonlyArray<{ value: PersonKind | ''; label: Label }> = [
	{ value: 'f1', label: { vi: 'F1 (tiếp xúc gần)', en: 'F1 (close contact)' } },
	{ value: 'f0', label: { vi: 'F0 (ca bệnh)', en: 'F0 (confirmed case)' } },
	{ value: '', label: { vi: 'Không ghi', en: 'Not said' } }
];
export const PERSON_KIND_FIELD: Label = { vi: 'Người được chuyển', en: 'Who moved' };
export const ORIGIN_WARD_FIELD: Label = { vi: 'Từ phường', en: 'From ward' };

export const FACILITY_STATUS_LABELS: Record<FacilityStatus, Label> = {
	preparing: { vi: 'Đang chuẩn bị', en: 'Being prepared' },
	ready: { vi: 'Sẵn sàng tiếp nhận', en: 'Ready' },
	operating: { vi: 'Đang hoạt động', en: 'Operating' },
	treating_f0: { vi: 'Chuyển điều trị F0 nhẹ', en: 'Treating mild F0' },
	closed: { vi: 'Đã đóng', en: 'Closed' }
};

/**
 * The welfare figures (issue 14 §2) as the tablet form, the wall and the report name them. `hint`:
 * what the tablet form says of the figure — an increment since the previous report, or a level.
 */
export const WELFARE_LABELS: Record<WelfareField, Label & { short: Label; hint: Label }> = {
	householdsSupported: {
		vi: 'Hộ được hỗ trợ',
		en: 'Households supported',
		short: { vi: 'Hộ được hỗ trợ', en: 'Households' },
		hint: { vi: 'thêm từ lần báo cáo trước', en: 'since the previous report' }
	},
	peopleSupported: {
		vi: 'Người được hỗ trợ',
		en: 'People supported',
		short: { vi: 'Người được hỗ trợ', en: 'People' },
		hint: { vi: 'thêm từ lần báo cáo trước', en: 'since the previous report' }
	},
	aidPackages: {
		vi: 'Suất quà, túi an sinh đã trao',
		en: 'Aid packages delivered',
		short: { vi: 'Suất quà đã trao', en: 'Aid packages' },
		hint: { vi: 'ngoài hàng xuất kho — hàng xuất kho cho hộ dân được tự cộng', en: 'not from a warehouse: stock issued to households is added on its own' }
	},
	cashPending: {
		vi: 'Hồ sơ hỗ trợ tiền mặt chờ chi trả',
		en: 'Cash-support files awaiting payment',
		short: { vi: 'Hồ sơ chờ chi trả', en: 'Cash files pending' },
		hint: { vi: 'số hiện còn chờ, tính đến bây giờ', en: 'as of now (a level)' }
	},
	cashPaid: {
		vi: 'Hồ sơ đã chi trả tiền mặt',
		en: 'Cash-support files paid',
		short: { vi: 'Hồ sơ đã chi trả', en: 'Cash files paid' },
		hint: { vi: 'thêm từ lần báo cáo trước', en: 'since the previous report' }
	},
	shelterTakenIn: {
		vi: 'Người không nơi ở được tiếp nhận',
		en: 'People without shelter taken in',
		short: { vi: 'Người không nơi ở', en: 'Without shelter' },
		hint: { vi: 'thêm từ lần báo cáo trước', en: 'since the previous report' }
	}
};

/** Aid packages issued from stock, and aid to households of no named ward. */
export const WELFARE_STOCK_LABEL: Label = { vi: 'từ kho', en: 'from stock' };
export const WELFARE_NO_WARD_LABEL: Label = { vi: 'Kho quận cấp, chưa rõ phường', en: 'District warehouse, no ward named' };
