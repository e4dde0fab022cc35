/**
 * Essential-goods stock (kho tích trữ hàng hóa thiết yếu): stock moves only by receipts, issues
 * and transfers; on hand is what the movements add up to, never typed in; an issue or transfer
 * larger than what is on hand is refused, never clipped.
 */

/** Where issued goods go (seed 000 §5, 001 §9). */
export const DESTINATION_KINDS = ['quarantine', 'households', 'checkpoint', 'hospital', 'other'] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

/** Recent issue rate is measured over this many days. */
export const SUPPLY_WINDOW_DAYS = 7;

/** The most a balance can hold: the `on_hand` column is a PostgreSQL integer (int4). */
export const MAX_ON_HAND = 2 ** 31 - 1;

/**
 * On hand after putting `quantity` in, or the room left when the sum would not fit the column (a
 * 500 from the database otherwise, and the whole entry lost).
 */
export function putIn(onHand: number, quantity: number): { ok: true; onHand: number } | { ok: false; room: number } {
	return onHand + quantity > MAX_ON_HAND ? { ok: false, room: MAX_ON_HAND - onHand } : { ok: true, onHand: onHand + quantity };
}

/** On hand after taking `quantity` out, or the shortfall when there is not enough. */
export function takeOut(onHand: number, quantity: number): { ok: true; onHand: number } | { ok: false; available: number } {
	return quantity > onHand ? { ok: false, available: onHand } : { ok: true, onHand: onHand - quantity };
}

/**
 * Days the stock lasts at the recent issue rate (issued over the window / window days).
 * null when nothing was issued in the window: the rate is unknown, not infinite — the wall says so.
 */
export function daysOfSupply(onHand: number, issuedInWindow: number, windowDays = SUPPLY_WINDOW_DAYS): number | null {
	if (issuedInWindow <= 0) return null;
	return onHand / (issuedInWindow / windowDays);
}

/** Days of supply as every view shows it (wall, tablet, district summary, report): to one decimal. */
export function shownDaysOfSupply(onHand: number, issuedInWindow: number): number | null {
	const d = daysOfSupply(onHand, issuedInWindow);
	return d === null ? null : Math.round(d * 10) / 10;
}

/** Under the item's minimum: fewer days of supply than `minDays` (or nothing left at all). */
export function belowMinimum(onHand: number, days: number | null, minDays: number): boolean {
	if (onHand <= 0) return true;
	return days !== null && days < minDays;
}
