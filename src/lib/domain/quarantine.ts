/**
 * Concentrated quarantine facilities (khu cách ly tập trung): beds, occupancy, status.
 * Occupancy moves by admissions, discharges and capacity changes; it never goes below zero or
 * above capacity — such an entry is refused, never clipped.
 */

export const FACILITY_STATUSES = ['preparing', 'ready', 'operating', 'treating_f0'] as const;
export type FacilityStatus = (typeof FACILITY_STATUSES)[number];

export const FACILITY_STATUS_LABELS: Record<FacilityStatus, { vi: string; en: string }> = {
	preparing: { vi: 'Đang chuẩn bị', en: 'Being prepared' },
	ready: { vi: 'Sẵn sàng tiếp nhận', en: 'Ready' },
	operating: { vi: 'Đang hoạt động', en: 'Operating' },
	treating_f0: { vi: 'Chuyển điều trị F0 nhẹ', en: 'Treating mild F0' }
};

export const MOVEMENT_KINDS = ['admission', 'discharge', 'capacity'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export interface Beds {
	capacity: number;
	occupied: number;
}

export type MovementRefusal =
	| { code: 'over_capacity'; free: number }
	| { code: 'below_zero'; occupied: number }
	| { code: 'capacity_below_occupied'; occupied: number }
	| { code: 'not_receiving'; status: FacilityStatus };

/**
 * The beds after one movement, or why it is refused. `amount` is the number of people for
 * admissions and discharges, the new capacity for a capacity change.
 */
export function applyMovement(
	beds: Beds,
	status: FacilityStatus,
	kind: MovementKind,
	amount: number
): { ok: true; beds: Beds } | { ok: false; refusal: MovementRefusal } {
	switch (kind) {
		case 'admission': {
			// A site still being prepared cannot take people: admissions wait until it is ready.
			if (status === 'preparing') return { ok: false, refusal: { code: 'not_receiving', status } };
			const free = beds.capacity - beds.occupied;
			if (amount > free) return { ok: false, refusal: { code: 'over_capacity', free } };
			return { ok: true, beds: { ...beds, occupied: beds.occupied + amount } };
		}
		case 'discharge':
			if (amount > beds.occupied) return { ok: false, refusal: { code: 'below_zero', occupied: beds.occupied } };
			return { ok: true, beds: { ...beds, occupied: beds.occupied - amount } };
		case 'capacity':
			if (amount < beds.occupied) return { ok: false, refusal: { code: 'capacity_below_occupied', occupied: beds.occupied } };
			return { ok: true, beds: { ...beds, capacity: amount } };
	}
}

/** Share of beds occupied, 0–1; a facility with no beds is 0 (not NaN) — it cannot be full. */
export function occupancyRate(beds: Beds): number {
	return beds.capacity > 0 ? beds.occupied / beds.capacity : 0;
}

export interface OccupancyThresholds {
	/** e.g. 0.85: the command post starts looking for more beds. */
	warn: number;
	/** e.g. 0.95: new admissions must go elsewhere. */
	critical: number;
}

export const DEFAULT_OCCUPANCY_THRESHOLDS: OccupancyThresholds = { warn: 0.85, critical: 0.95 };

export type OccupancyLevel = 'normal' | 'warn' | 'critical';

export function occupancyLevel(beds: Beds, t: OccupancyThresholds = DEFAULT_OCCUPANCY_THRESHOLDS): OccupancyLevel {
	if (beds.capacity === 0) return 'normal';
	const r = occupancyRate(beds);
	if (r >= t.critical) return 'critical';
	if (r >= t.warn) return 'warn';
	return 'normal';
}

/** District totals over the facilities that hold beds (those being prepared count separately). */
export function bedTotals(facilities: ReadonlyArray<Beds & { status: FacilityStatus }>): {
	capacity: number;
	occupied: number;
	free: number;
	preparingCapacity: number;
} {
	let capacity = 0;
	let occupied = 0;
	let preparingCapacity = 0;
	for (const f of facilities) {
		if (f.status === 'preparing') {
			preparingCapacity += f.capacity;
			continue;
		}
		capacity += f.capacity;
		occupied += f.occupied;
	}
	return { capacity, occupied, free: capacity - occupied, preparingCapacity };
}
