/**
 * The wall's self-reload watchdog: a last resort for TVs that run for weeks unattended. A reload
 * is the one thing an operator across the room would do — so the page does it itself, but only
 * for a page that is clearly stuck, and never in a loop. Pure: times are epoch milliseconds.
 */

export type ReloadReason =
	/** The page stopped rendering its clock, or its timers stopped running (main thread frozen). */
	| 'stalled'
	/** The live connection has been down for long while the server answers /api/health again. */
	| 'live_down'
	/** The JS heap passed its threshold (a leak: reloading is cheaper than dying). */
	| 'memory';

export interface WatchdogPolicy {
	/** No render (clock tick) or no watchdog check for this long → stalled. */
	stallMs: number;
	/** Live connection down this long (N minutes), server healthy → reload. */
	liveDownMs: number;
	/** Heap used above this fraction of the heap limit… */
	heapRatio: number;
	/** …or above this many bytes, whichever is lower. */
	heapBytes: number;
	/** At most one reload per this long (X minutes), whatever the reason. */
	minReloadIntervalMs: number;
}

export const DEFAULT_WATCHDOG_POLICY: WatchdogPolicy = {
	stallMs: 3 * 60_000,
	liveDownMs: 5 * 60_000,
	heapRatio: 0.8,
	heapBytes: 768 * 1024 * 1024,
	minReloadIntervalMs: 30 * 60_000
};

/** How often the wall's state class runs the check (well under stallMs, so a gap means a freeze). */
export const WATCHDOG_CHECK_MS = 15_000;

export interface WatchdogReading {
	now: number;
	/** The last time the page rendered a clock tick. */
	lastRenderAt: number;
	/** The previous check (null on the first): a long gap means timers did not run. */
	previousCheckAt: number | null;
	/** When the live connection went down (null while live). */
	liveDownSince: number | null;
	/** When /api/health last answered OK (null: never, since the page opened). */
	healthOkAt: number | null;
	/** performance.memory where the browser has it (Chromium), else null. */
	heap: { used: number; limit: number } | null;
	/** The last reload the watchdog did in this tab (sessionStorage), or null. */
	lastReloadAt: number | null;
}

export type WatchdogVerdict =
	| { action: 'none' }
	/** Live has been down long enough: ask /api/health, the answer comes into the next reading. */
	| { action: 'probe_health' }
	| { action: 'reload'; reason: ReloadReason }
	/** A reason to reload, but the page reloaded less than minReloadIntervalMs ago: wait. */
	| { action: 'hold'; reason: ReloadReason; until: number };

function reasonFor(r: WatchdogReading, p: WatchdogPolicy): ReloadReason | null {
	if (r.now - r.lastRenderAt >= p.stallMs) return 'stalled';
	if (r.previousCheckAt !== null && r.now - r.previousCheckAt >= p.stallMs) return 'stalled';
	if (r.heap && r.heap.used >= Math.min(p.heapBytes, r.heap.limit > 0 ? r.heap.limit * p.heapRatio : Infinity)) return 'memory';
	const downLong = r.liveDownSince !== null && r.now - r.liveDownSince >= p.liveDownMs;
	// Only once the server answers again: reloading against a dead server shows an error page
	// instead of the last figures (marked stale) — worse than waiting.
	if (downLong && r.healthOkAt !== null && r.healthOkAt >= r.liveDownSince!) return 'live_down';
	return null;
}

/** What the watchdog does now. */
export function watchdogVerdict(r: WatchdogReading, p: WatchdogPolicy = DEFAULT_WATCHDOG_POLICY): WatchdogVerdict {
	const reason = reasonFor(r, p);
	if (reason) {
		// |…|: a clock set back must not turn a recent reload into an old one, or the page loops.
		if (r.lastReloadAt !== null && Math.abs(r.now - r.lastReloadAt) < p.minReloadIntervalMs) {
			return { action: 'hold', reason, until: r.lastReloadAt + p.minReloadIntervalMs };
		}
		return { action: 'reload', reason };
	}
	if (r.liveDownSince !== null && r.now - r.liveDownSince >= p.liveDownMs) return { action: 'probe_health' };
	return { action: 'none' };
}
