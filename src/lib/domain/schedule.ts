/**
 * The city's reporting schedule: situation reports at 06:00, 12:00 and 18:00 Asia/Ho_Chi_Minh
 * (seed 002, III.1), whatever the server's or the browser's own time zone. Slots are wall-clock
 * times of day, `HH:mm` (or `HH:mm:ss`, so tests can use a schedule seconds apart).
 */
import { dayKey, localParts } from './time.ts';

export const DEFAULT_REPORT_SLOTS = ['06:00', '12:00', '18:00'] as const;

const SLOT_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/**
 * `"06:00,12:00,18:00"` → the slots, sorted, without repeats. Throws with the offending entry
 * (the config turns that into "REPORT_SLOTS: …").
 */
export function parseSlots(text: string): string[] {
	const parts = text
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	if (parts.length === 0) throw new Error('at least one time of day is needed, e.g. 06:00,12:00,18:00');
	for (const p of parts) if (!SLOT_PATTERN.test(p)) throw new Error(`"${p}" is not a 24-hour time such as 06:00 or 18:30`);
	return [...new Set(parts.map((p) => (p.length === 5 ? p : p.endsWith(':00') ? p.slice(0, 5) : p)))].sort(bySeconds);
}

function seconds(slot: string): number {
	const m = SLOT_PATTERN.exec(slot);
	if (!m) throw new Error(`invalid report slot ${slot}`);
	return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
}

const bySeconds = (a: string, b: string) => seconds(a) - seconds(b);

/** Offset of Asia/Ho_Chi_Minh from UTC at `at`, in ms (derived, not assumed). */
function zoneOffsetMs(at: Date): number {
	const p = localParts(at);
	const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
	return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

// slotInstant is pure and the wall asks for the same few days' slots every second (which wards
// are overdue, lib/domain/overdue.ts): remembered, bounded, instead of asking Intl again.
const instants = new Map<string, number>();

/** The instant of `slot` on the local day `day` (`yyyy-MM-dd`). */
export function slotInstant(day: string, slot: string): Date {
	const key = `${day} ${slot}`;
	let t = instants.get(key);
	if (t === undefined) {
		const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
		const wall = Date.UTC(y, mo - 1, d) + seconds(slot) * 1000;
		t = wall - zoneOffsetMs(new Date(wall));
		if (instants.size >= 4096) instants.clear();
		instants.set(key, t);
	}
	return new Date(t);
}

/** Every slot instant t with from < t ≤ to, in order. */
export function slotsBetween(from: Date, to: Date, slots: readonly string[] = DEFAULT_REPORT_SLOTS): Date[] {
	const out: Date[] = [];
	if (to.getTime() <= from.getTime()) return out;
	const sorted = [...slots].sort(bySeconds);
	// Walk local days from the day of `from` to the day of `to` (a day before/after for safety).
	let day = dayKey(new Date(from.getTime() - 86_400_000));
	const last = dayKey(new Date(to.getTime() + 86_400_000));
	for (let guard = 0; day <= last && guard < 100_000; guard++) {
		for (const s of sorted) {
			const t = slotInstant(day, s);
			if (t.getTime() > from.getTime() && t.getTime() <= to.getTime()) out.push(t);
		}
		day = dayKey(new Date(slotInstant(day, '12:00').getTime() + 86_400_000));
	}
	return out;
}

/** The latest slot at or before `at`. */
export function previousReportSlot(at: Date, slots: readonly string[] = DEFAULT_REPORT_SLOTS): Date {
	const found = slotsBetween(new Date(at.getTime() - 2 * 86_400_000), at, slots).at(-1);
	if (!found) throw new Error('no report slot configured');
	return found;
}

/** The next slot strictly after `now`. */
export function nextReportSlot(now: Date, slots: readonly string[] = DEFAULT_REPORT_SLOTS): Date {
	const found = slotsBetween(now, new Date(now.getTime() + 2 * 86_400_000), slots)[0];
	if (!found) throw new Error('no report slot configured');
	return found;
}
