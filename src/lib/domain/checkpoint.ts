/**
 * Checkpoint staffing (chốt kiểm soát): who is on duty where, against what each shift requires.
 * Police are the core force at the control checkpoints (seed 001 §4): a border, main-road or
 * blockade checkpoint requires police on every shift; a community self-managed one (chốt tự quản)
 * does not. "Rõ người, rõ việc": one person is on duty at one checkpoint at a time, and a check-in
 * belongs to its shift — when the shift ends it no longer counts, until the next shift's leader
 * closes it or carries it over.
 */
import { can, type Principal } from './access.ts';
import { localParts } from './time.ts';

export const CHECKPOINT_KINDS = ['border', 'main_road', 'blockade', 'community'] as const;
export type CheckpointKind = (typeof CHECKPOINT_KINDS)[number];

/** Control checkpoints (chốt kiểm soát): police are the core force, on every shift (seed 001 §4). */
export const CONTROLLED_KINDS = ['border', 'main_road', 'blockade'] as const satisfies readonly CheckpointKind[];

export function isControlled(kind: string): boolean {
	return (CONTROLLED_KINDS as readonly string[]).includes(kind);
}

/** The forces at the checkpoints (seed 001 §4, 002 §2.3 and §2.6): police and the army are the core. */
export const FORCES = ['police', 'army', 'militia', 'civil_defence', 'covid_team', 'volunteers', 'veterans'] as const;
export type Force = (typeof FORCES)[number];

/**
 * Shift start hours (local, Asia/Ho_Chi_Minh), ascending; each runs until the next one. The one
 * definition of the command post's shifts: checkpoint staffing and the duty roster (domain/duty) share it.
 */
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

/** The instant a shift (by its key, `yyyy-MM-dd#n`) ends: the next start, the next day for the last shift. */
export function shiftEnd(key: string, starts: readonly number[] = DEFAULT_SHIFT_STARTS): Date {
	const m = /^(\d{4}-\d{2}-\d{2})#(\d+)$/.exec(key);
	const n = m ? Number(m[2]) : NaN;
	if (!m || !(n >= 1 && n <= starts.length)) throw new Error(`not a shift key: ${key}`);
	const hour = (h: number) => String(h).padStart(2, '0');
	if (n < starts.length) return new Date(`${m[1]}T${hour(starts[n]!)}:00:00+07:00`);
	// The last shift runs past midnight into the next day's first start (UTC+07:00, no DST).
	const next = new Date(new Date(`${m[1]}T00:00:00+07:00`).getTime() + 24 * 3_600_000);
	const p = localParts(next);
	return new Date(`${p.year}-${p.month}-${p.day}T${hour(starts[0]!)}:00:00+07:00`);
}

/** `HH:mm–HH:mm` of a shift. */
export function shiftHours(s: Pick<Shift, 'startHour' | 'endHour'>): string {
	const h = (n: number) => `${String(n).padStart(2, '0')}:00`;
	return `${h(s.startHour)}–${h(s.endHour)}`;
}

/** Shift keys order as text: `yyyy-MM-dd` first, then the shift number (fewer than 10 shifts a day). */
export const compareShift = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export type Required = Partial<Record<Force, number>>;

/** Why a checkpoint definition (the district's checkpoints file) is refused. */
export type DefinitionRefusal = { code: 'police_required'; field: 'required.police'; kind: CheckpointKind };

/**
 * The directive's rule on a checkpoint definition: a control checkpoint (border, main road,
 * blockade) requires at least one police officer per shift. Community self-managed ones are exempt.
 */
export function checkDefinition(def: { kind: string; required: Required | Record<string, number> }): DefinitionRefusal | null {
	if (!isControlled(def.kind)) return null;
	const police = (def.required as Record<string, number | undefined>).police ?? 0;
	return police >= 1 ? null : { code: 'police_required', field: 'required.police', kind: def.kind as CheckpointKind };
}

/**
 * The blockade a checkpoint inside a blockaded area names (issue 13 §1), as every view carries it:
 * its name as it is now, and when it was lifted (null while active). A lifted blockade stays linked
 * — the checkpoint's history — and reads "(đã gỡ)".
 */
export interface LinkedBlockade {
	id: number;
	name: string;
	liftedAt: string | null;
}

/** Only a checkpoint inside a blockaded area names its blockade. */
export function carriesBlockade(kind: string): boolean {
	return kind === 'blockade';
}

/** Why a checkpoint's link to a blockade is refused; each names the field `blockadeId`. */
export type BlockadeLinkRefusal = {
	code: 'not_blockade_checkpoint' | 'unknown_blockade' | 'blockade_other_ward' | 'blockade_already_lifted';
	field: 'blockadeId';
};

/**
 * May this checkpoint (as it will be after the change) name blockade `blockadeId`? Only a blockade
 * checkpoint names one; the blockade exists (`found`: null when it does not) and is its own ward's;
 * a lifted one may stay linked (history) but is never newly linked — `current` is the link it had.
 */
export function checkBlockadeLink(
	checkpoint: { kind: string; wardCode: string },
	blockadeId: number | null,
	found: { wardCode: string; liftedAt: string | Date | null } | null,
	current: number | null = null
): BlockadeLinkRefusal | null {
	if (blockadeId === null) return null;
	const refuse = (code: BlockadeLinkRefusal['code']): BlockadeLinkRefusal => ({ code, field: 'blockadeId' });
	if (!carriesBlockade(checkpoint.kind)) return refuse('not_blockade_checkpoint');
	if (!found) return refuse('unknown_blockade');
	if (found.wardCode !== checkpoint.wardCode) return refuse('blockade_other_ward');
	if (found.liftedAt !== null && blockadeId !== current) return refuse('blockade_already_lifted');
	return null;
}

/** An open check-in as the views carry it. */
export interface Duty {
	id: number;
	personName: string;
	force: string;
	/** The shift it was checked in for. */
	shiftKey: string;
	/** The latest shift it was carried over into by that shift's leader; null/absent: none. */
	carriedOverTo?: string | null;
	checkedInAt: string;
}

/** The last shift a check-in counts in. */
export function dutyShift(d: Pick<Duty, 'shiftKey' | 'carriedOverTo'>): string {
	return d.carriedOverTo ?? d.shiftKey;
}

/**
 * Open check-ins at `now`: those of the running shift (its own, or carried over into it) are
 * present; those of a shift that has ended are "not ended" (chưa kết thúc ca) — they count for
 * nobody until the next shift's leader closes them or carries them over.
 */
export function splitDuty<D extends Pick<Duty, 'shiftKey' | 'carriedOverTo'>>(
	onDuty: readonly D[],
	now: Date,
	starts: readonly number[] = DEFAULT_SHIFT_STARTS
): { present: D[]; notEnded: D[] } {
	const shift = currentShift(now, starts).key;
	const present: D[] = [];
	const notEnded: D[] = [];
	for (const d of onDuty) {
		if (compareShift(d.shiftKey, shift) <= 0 && compareShift(shift, dutyShift(d)) <= 0) present.push(d);
		else if (compareShift(dutyShift(d), shift) < 0) notEnded.push(d);
		// A check-in of a later shift than `now` (a report read as of an earlier instant) is neither.
	}
	return { present, notEnded };
}

/** Why the next shift's leader cannot close or carry over a check-in. */
export type ShiftEndRefusal = { code: 'shift_not_ended'; shiftKey: string };

/** Close / carry over are for check-ins whose shift has ended; one of the running shift is checked out. */
export function checkShiftEnded(
	d: Pick<Duty, 'shiftKey' | 'carriedOverTo'>,
	now: Date,
	starts: readonly number[] = DEFAULT_SHIFT_STARTS
): ShiftEndRefusal | null {
	return compareShift(dutyShift(d), currentShift(now, starts).key) < 0 ? null : { code: 'shift_not_ended', shiftKey: dutyShift(d) };
}

/** `Ca 2 ngày 22/11/2026 (14:00–22:00)` from a shift key. */
export function shiftKeyLabel(key: string, starts: readonly number[] = DEFAULT_SHIFT_STARTS): { vi: string; en: string } {
	const m = /^(\d{4})-(\d{2})-(\d{2})#(\d+)$/.exec(key);
	if (!m) return { vi: key, en: key };
	const n = Number(m[4]);
	const startHour = starts[n - 1];
	const endHour = starts[n % starts.length];
	const hours = startHour === undefined || endHour === undefined ? '' : ` (${shiftHours({ startHour, endHour })})`;
	const day = `${m[3]}/${m[2]}/${m[1]}`;
	return { vi: `Ca ${n} ngày ${day}${hours}`, en: `Shift ${n} of ${day}${hours}` };
}

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

export interface CheckpointStaffing {
	forces: ForceStaffing[];
	gap: number;
	required: number;
	/** People counted (no more than required per force). */
	present: number;
	controlled: boolean;
	/** A control checkpoint's running shift has no police officer present: critical. */
	noPolice: boolean;
	/** Check-ins of an ended shift still open (chưa kết thúc ca): not counted. */
	notEnded: number;
}

/** A checkpoint's staffing at `now`: only its running shift's check-ins count. */
export function checkpointStaffing(
	c: { kind: string; required: Required | Record<string, number>; onDuty: ReadonlyArray<Pick<Duty, 'force' | 'shiftKey' | 'carriedOverTo'>> },
	now: Date,
	starts: readonly number[] = DEFAULT_SHIFT_STARTS
): CheckpointStaffing {
	const { present, notEnded } = splitDuty(c.onDuty, now, starts);
	const s = staffing(c.required as Required, present as Array<{ force: Force }>);
	const controlled = isControlled(c.kind);
	const police = present.filter((d) => d.force === 'police').length;
	return {
		...s,
		required: s.forces.reduce((a, f) => a + f.required, 0),
		present: s.forces.reduce((a, f) => a + Math.min(f.present, f.required), 0),
		controlled,
		noPolice: controlled && police === 0,
		notEnded: notEnded.length
	};
}

/**
 * What a refused check-in may say about where the person already is: the checkpoint's name only to
 * someone who may read that checkpoint's ward (the district, or the same ward). A ward user learns
 * just "on duty at another checkpoint" — another ward's staffing is not theirs to see.
 */
export function dutyElsewhereDetail(actor: Principal, where: { name: string; wardCode: string }): string | undefined {
	return can(actor, 'ward:read', where.wardCode) ? where.name : undefined;
}
