/**
 * When an entry was made (issue 11 §6). A tablet entry carries `enteredAt`, the device's time when
 * the person pressed save — an entry queued offline keeps it — stored beside the server's time of
 * arrival. Daily figures count an entry on the day it was made (Asia/Ho_Chi_Minh), so a report typed
 * at 23:58 that arrives at 00:03 belongs to the day before. One rule for every entry, pure (`now`
 * is given): the window the server accepts, and the time an entry counts at.
 */

/** How far ahead of the server's clock a device may be: clocks drift, a little. */
export const ENTERED_AT_MAX_FUTURE_MS = 5 * 60_000;
/** How long an entry may wait in a tablet's outbox and still be taken (two days offline). */
const ENTERED_AT_MAX_PAST_MS = 48 * 3_600_000;

export type EnteredAtError = 'bad_time' | 'entered_in_future' | 'entered_too_old';

/** ISO 8601 with a date, a time and a zone (Z or ±hh:mm): what `Date.prototype.toISOString` writes. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The instant an ISO 8601 string with a zone names, or null: the shape half of the rule. */
export function parseInstant(raw: unknown): Date | null {
	if (typeof raw !== 'string' || !ISO_INSTANT.test(raw)) return null;
	const at = new Date(raw);
	return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * The instant an entry counts at. Absent (`undefined`/`null`: older clients, API users) = the
 * arrival time `now`. Otherwise an ISO instant no more than 5 minutes after `now` and no more than
 * 48 hours before it (both bounds included).
 */
export function resolveEnteredAt(raw: unknown, now: Date): { ok: true; value: Date } | { ok: false; code: EnteredAtError } {
	if (raw === undefined || raw === null) return { ok: true, value: new Date(now.getTime()) };
	const at = parseInstant(raw);
	if (!at) return { ok: false, code: 'bad_time' };
	const delta = at.getTime() - now.getTime();
	if (delta > ENTERED_AT_MAX_FUTURE_MS) return { ok: false, code: 'entered_in_future' };
	if (-delta > ENTERED_AT_MAX_PAST_MS) return { ok: false, code: 'entered_too_old' };
	return { ok: true, value: at };
}

/** The time an entry counts at: when it was made, else (rows from before §6) when it arrived. */
export function entryTime(e: { enteredAt?: string | null; reportedAt?: string; at?: string }): string {
	return e.enteredAt ?? e.reportedAt ?? e.at ?? '';
}
