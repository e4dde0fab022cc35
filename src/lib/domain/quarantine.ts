/**
 * Concentrated quarantine facilities (khu cách ly tập trung): beds, occupancy, status.
 * Occupancy moves by admissions, discharges and capacity changes; it never goes below zero or
 * above capacity — such an entry is refused, never clipped.
 *
 * A facility converted to treating mild F0 (seed 001 §2: "chuyển đổi công năng") holds patients,
 * not F1: its beds are *Giường điều trị F0* and leave every quarantine total. The status changes
 * follow one state machine (`checkTransition`), the only place that says which change is allowed.
 */

export const FACILITY_STATUSES = ['preparing', 'ready', 'operating', 'treating_f0', 'closed'] as const;
export type FacilityStatus = (typeof FACILITY_STATUSES)[number];

/** Statuses in which a facility receives F1: only their beds are quarantine beds. */
const RECEIVING_F1: readonly FacilityStatus[] = ['ready', 'operating'];
export const receivesF1 = (s: FacilityStatus) => RECEIVING_F1.includes(s);

export const MOVEMENT_KINDS = ['admission', 'discharge', 'capacity'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];
/** Who an admission or a discharge moves (issue 13 §4): a traced contact, or a confirmed case. */
export const PERSON_KINDS = ['f1', 'f0'] as const;
export type PersonKind = (typeof PERSON_KINDS)[number];

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
			// A site still being prepared (or closed) cannot take people: admissions wait until it is
			// ready. A facility treating F0 admits patients: its own beds, counted apart.
			if (status === 'preparing' || status === 'closed') return { ok: false, refusal: { code: 'not_receiving', status } };
			const free = beds.capacity - beds.occupied;
			if (amount > free) return { ok: false, refusal: { code: 'over_capacity', free } };
			return { ok: true, beds: { ...beds, occupied: beds.occupied + amount } };
		}
		case 'discharge':
			if (amount > beds.occupied) return { ok: false, refusal: { code: 'below_zero', occupied: beds.occupied } };
			return { ok: true, beds: { ...beds, occupied: beds.occupied - amount } };
		case 'capacity':
			if (status === 'closed') return { ok: false, refusal: { code: 'not_receiving', status } };
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

/** The district file's alert settings as thresholds: the one conversion wall, tablet and report use. */
export function thresholdsOf(a: { occupancyWarn: number; occupancyCritical: number }): OccupancyThresholds {
	return { warn: a.occupancyWarn, critical: a.occupancyCritical };
}

export type OccupancyLevel = 'normal' | 'warn' | 'critical';

export function occupancyLevel(beds: Beds, t: OccupancyThresholds = DEFAULT_OCCUPANCY_THRESHOLDS): OccupancyLevel {
	if (beds.capacity === 0) return 'normal';
	const r = occupancyRate(beds);
	if (r >= t.critical) return 'critical';
	if (r >= t.warn) return 'warn';
	return 'normal';
}

export interface BedSummary {
	/** Facilities receiving F1 (ready or operating): free = capacity − occupied over exactly these. */
	quarantine: { capacity: number; occupied: number; free: number; preparing: number };
	/** Facilities converted to treating mild F0: *Giường điều trị F0*, never quarantine beds. */
	treatingF0: { capacity: number; occupied: number; free: number };
}

/**
 * The district's beds, the one rule every view uses (wall, tablet, alerts, report, API): quarantine
 * beds are those of facilities receiving F1; beds being prepared are counted apart (not yet usable);
 * converted facilities are F0-treatment beds; closed ones count nowhere.
 */
export function bedSummary(facilities: ReadonlyArray<Beds & { status: FacilityStatus }>): BedSummary {
	const q = { capacity: 0, occupied: 0, free: 0, preparing: 0 };
	const t = { capacity: 0, occupied: 0, free: 0 };
	for (const f of facilities) {
		if (receivesF1(f.status)) {
			q.capacity += f.capacity;
			q.occupied += f.occupied;
		} else if (f.status === 'preparing') q.preparing += f.capacity;
		else if (f.status === 'treating_f0') {
			t.capacity += f.capacity;
			t.occupied += f.occupied;
		}
	}
	q.free = q.capacity - q.occupied;
	t.free = t.capacity - t.occupied;
	return { quarantine: q, treatingF0: t };
}

/**
 * One facility's free beds: its quarantine beds when it receives F1, its F0-treatment beds when
 * converted; a site being prepared or closed has none a ward could send anyone to.
 */
export function freeBeds(f: Beds & { status: FacilityStatus }): number {
	return receivesF1(f.status) || f.status === 'treating_f0' ? f.capacity - f.occupied : 0;
}

/** *Nghiệm thu*: the inspection that lets a prepared site receive people (who, when, what they found). */
export interface Acceptance {
	inspectedBy: string;
	/** ISO instant. */
	inspectedAt: string;
	note: string | null;
}

export type TransitionRefusal =
	| { code: 'same_status'; status: FacilityStatus }
	| { code: 'transition_not_allowed'; from: FacilityStatus; to: FacilityStatus }
	| { code: 'acceptance_required' }
	| { code: 'decision_required' }
	| { code: 'district_role_required' }
	| { code: 'facility_not_empty'; occupied: number };

/**
 * Allowed next statuses. Going back to preparing (e.g. for repairs) and closing are allowed from
 * any working status, and then only when empty (checked below); a closed site reopens by being
 * prepared again, and so needs a new acceptance before it receives anyone.
 */
const NEXT: Record<FacilityStatus, readonly FacilityStatus[]> = {
	preparing: ['ready', 'closed'],
	ready: ['operating', 'preparing', 'treating_f0', 'closed'],
	operating: ['ready', 'preparing', 'treating_f0', 'closed'],
	treating_f0: ['operating', 'closed'],
	closed: ['preparing']
};

/** A change to or from treating F0 is a conversion: a City decision, carried out by the district. */
export const isConversion = (from: FacilityStatus, to: FacilityStatus) => to === 'treating_f0' || from === 'treating_f0';

export function allowedNext(from: FacilityStatus): readonly FacilityStatus[] {
	return NEXT[from];
}

/**
 * Whether a facility may go from `from` to `to` (seed 001 §2, 002 §2.6). Conversions to and from
 * treating F0 are decisions of the City: they need a district-wide role and the decision's number.
 * The order of the checks is the order a commander fixes them in: is it a move at all, who, what
 * paper, then the people inside.
 */
export function checkTransition(
	from: FacilityStatus,
	to: FacilityStatus,
	c: { occupied: number; mayConvert: boolean; decisionRef: string | null; acceptance: Acceptance | null }
): { ok: true } | { ok: false; refusal: TransitionRefusal } {
	if (from === to) return { ok: false, refusal: { code: 'same_status', status: from } };
	if (!NEXT[from].includes(to)) return { ok: false, refusal: { code: 'transition_not_allowed', from, to } };
	const conversion = isConversion(from, to);
	if (conversion && !c.mayConvert) return { ok: false, refusal: { code: 'district_role_required' } };
	if (conversion && !c.decisionRef) return { ok: false, refusal: { code: 'decision_required' } };
	if (from === 'preparing' && to === 'ready' && !c.acceptance) return { ok: false, refusal: { code: 'acceptance_required' } };
	if ((to === 'preparing' || to === 'closed') && c.occupied > 0) return { ok: false, refusal: { code: 'facility_not_empty', occupied: c.occupied } };
	return { ok: true };
}
