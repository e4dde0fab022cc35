/**
 * The city's reporting schedule: situation reports at 06:00, 12:00 and 18:00 Asia/Ho_Chi_Minh
 * (seed 002, III.1), whatever the server's or the browser's own time zone.
 */
import { localParts } from './time.ts';

export const DEFAULT_REPORT_SLOTS = ['06:00', '12:00', '18:00'] as const;

/** Offset of Asia/Ho_Chi_Minh from UTC at `at`, in ms (derived, not assumed). */
function zoneOffsetMs(at: Date): number {
	const p = localParts(at);
	const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
	return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The next slot strictly after `now`. */
export function nextReportSlot(now: Date, slots: readonly string[] = DEFAULT_REPORT_SLOTS): Date {
	const offset = zoneOffsetMs(now);
	const local = new Date(now.getTime() + offset); // wall-clock fields read through getUTC*
	const sorted = [...slots].sort();
	for (let dayShift = 0; dayShift <= 1; dayShift++) {
		for (const slot of sorted) {
			const [h, m] = slot.split(':').map(Number) as [number, number];
			const wall = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + dayShift, h, m);
			const instant = new Date(wall - offset);
			if (instant.getTime() > now.getTime()) return instant;
		}
	}
	throw new Error('no report slot configured');
}
