/**
 * Checkpoint staffing (chốt kiểm soát): who is on duty where, against what each shift requires.
 * Police are the core force at every checkpoint (seed 001 §4); "rõ người, rõ việc": one person
 * is on duty at one checkpoint at a time.
 */
import { can, type Principal } from './access.ts';
import { localParts } from './time.ts';

export const CHECKPOINT_KINDS = ['border', 'main_road', 'blockade', 'community'] as const;
export type CheckpointKind = (typeof CHECKPOINT_KINDS)[number];
export const CHECKPOINT_KIND_LABELS: Record<CheckpointKind, { vi: string; en: string }> = {
	border: { vi: 'Chốt ranh giới phường', en: 'Ward border' },
	main_road: { vi: 'Chốt trục đường chính', en: 'Main road' },
	blockade: { vi: 'Chốt trong khu phong tỏa', en: 'Inside a blockaded area' },
	community: { vi: 'Chốt tự quản cộng đồng', en: 'Community self-managed' }
};

export const FORCES = ['police', 'militia', 'civil_defence', 'covid_team', 'volunteers'] as const;
export type Force = (typeof FORCES)[number];
export const FORCE_LABELS: Record<Force, { vi: string; en: string }> = {
	police: { vi: 'Công an', en: 'Police' },
	militia: { vi: 'Dân quân tự vệ', en: 'Militia' },
	civil_defence: { vi: 'Dân phòng', en: 'Civil defence' },
	covid_team: { vi: 'Tổ COVID cộng đồng', en: 'Community COVID team' },
	volunteers: { vi: 'Thanh niên tình nguyện', en: 'Youth volunteers' }
};

/** Shift start hours (local, Asia/Ho_Chi_Minh), ascending; each runs until the next one. */
export const DEFAULT_SHIFT_STARTS = [6, 14, 22] as const;

export interface Shift {
	/** `yyyy-MM-dd#n`: the day the shift started and its number (1-based). */
	key: string;
	number: number;
	startHour: number;
	endHour: number;
}

/** The shift running at `now`; a shift that crosses midnight belongs to the day it started. */
export function currentShift(now: Date, starts: readonly number[] = DEFAULT_SHIFT_STARTS): Shift {
	const p = localParts(now);
	const hour = Number(p.hour);
	let idx = -1;
	for (let i = 0; i < starts.length; i++) if (hour >= starts[i]!) idx = i;
	let day = `${p.year}-${p.month}-${p.day}`;
	if (idx === -1) {
		// Before the first start: still the last shift of the previous day.
		idx = starts.length - 1;
		const prev = localParts(new Date(now.getTime() - 24 * 3_600_000));
		day = `${prev.year}-${prev.month}-${prev.day}`;
	}
	const startHour = starts[idx]!;
	const endHour = starts[(idx + 1) % starts.length]!;
	return { key: `${day}#${idx + 1}`, number: idx + 1, startHour, endHour };
}

export type Required = Partial<Record<Force, number>>;

export interface ForceStaffing {
	force: Force;
	required: number;
	present: number;
	gap: number;
}

/** Present vs required per force (forces neither required nor present are left out). */
export function staffing(required: Required, present: ReadonlyArray<{ force: Force }>): { forces: ForceStaffing[]; gap: number } {
	const counts = new Map<Force, number>();
	for (const p of present) counts.set(p.force, (counts.get(p.force) ?? 0) + 1);
	const forces: ForceStaffing[] = [];
	let gap = 0;
	for (const force of FORCES) {
		const r = required[force] ?? 0;
		const n = counts.get(force) ?? 0;
		if (r === 0 && n === 0) continue;
		const g = Math.max(0, r - n);
		gap += g;
		forces.push({ force, required: r, present: n, gap: g });
	}
	return { forces, gap };
}

/**
 * What a refused check-in may say about where the person already is: the checkpoint's name only to
 * someone who may read that checkpoint's ward (the district, or the same ward). A ward user learns
 * just "on duty at another checkpoint" — another ward's staffing is not theirs to see.
 */
export function dutyElsewhereDetail(actor: Principal, where: { name: string; wardCode: string }): string | undefined {
	return can(actor, 'ward:read', where.wardCode) ? where.name : undefined;
}
