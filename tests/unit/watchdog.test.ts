import { describe, expect, it } from 'vitest';
import { DEFAULT_WATCHDOG_POLICY as P, watchdogVerdict, type WatchdogReading } from '../../src/lib/domain/watchdog.ts';

const MIN = 60_000;
const T = Date.parse('2026-11-22T01:00:00.000Z');

/** A healthy page at T: rendered just now, checked 15 s ago, live, small heap, never reloaded. */
const healthy = (over: Partial<WatchdogReading> = {}): WatchdogReading => ({
	now: T,
	lastRenderAt: T - 1000,
	previousCheckAt: T - 15_000,
	liveDownSince: null,
	healthOkAt: null,
	heap: { used: 80 * 1024 * 1024, limit: 2048 * 1024 * 1024 },
	lastReloadAt: null,
	...over
});

describe('watchdogVerdict', () => {
	it('a healthy page is left alone', () => {
		expect(watchdogVerdict(healthy())).toEqual({ action: 'none' });
		expect(watchdogVerdict(healthy({ heap: null, previousCheckAt: null }))).toEqual({ action: 'none' });
	});

	it('no render for stallMs → reload (stalled); just under → nothing', () => {
		expect(watchdogVerdict(healthy({ lastRenderAt: T - P.stallMs }))).toEqual({ action: 'reload', reason: 'stalled' });
		expect(watchdogVerdict(healthy({ lastRenderAt: T - P.stallMs + 1 }))).toEqual({ action: 'none' });
	});

	it('timers that did not run for stallMs (frozen main thread) → reload (stalled)', () => {
		expect(watchdogVerdict(healthy({ previousCheckAt: T - P.stallMs }))).toEqual({ action: 'reload', reason: 'stalled' });
	});

	it('live down for N minutes: first ask /api/health; reload only once it answered after the drop', () => {
		const down = T - P.liveDownMs;
		expect(watchdogVerdict(healthy({ liveDownSince: T - P.liveDownMs + 1 }))).toEqual({ action: 'none' });
		expect(watchdogVerdict(healthy({ liveDownSince: down }))).toEqual({ action: 'probe_health' });
		// The server still does not answer: waiting with stale (marked) figures beats an error page.
		expect(watchdogVerdict(healthy({ liveDownSince: down, healthOkAt: null }))).toEqual({ action: 'probe_health' });
		// An answer from before the drop says nothing about now.
		expect(watchdogVerdict(healthy({ liveDownSince: down, healthOkAt: down - 1 }))).toEqual({ action: 'probe_health' });
		expect(watchdogVerdict(healthy({ liveDownSince: down, healthOkAt: T - 2000 }))).toEqual({ action: 'reload', reason: 'live_down' });
	});

	it('heap over the ratio of its limit, or over the absolute cap → reload (memory)', () => {
		expect(watchdogVerdict(healthy({ heap: { used: 0.8 * 500e6, limit: 500e6 } }))).toEqual({ action: 'reload', reason: 'memory' });
		expect(watchdogVerdict(healthy({ heap: { used: 0.79 * 500e6, limit: 500e6 } }))).toEqual({ action: 'none' });
		expect(watchdogVerdict(healthy({ heap: { used: P.heapBytes, limit: 8 * P.heapBytes } }))).toEqual({ action: 'reload', reason: 'memory' });
		// A browser that reports no limit: the absolute cap still applies.
		expect(watchdogVerdict(healthy({ heap: { used: P.heapBytes - 1, limit: 0 } }))).toEqual({ action: 'none' });
	});

	it('never in a loop: within minReloadIntervalMs of the last reload it holds, then reloads', () => {
		const stalled = { lastRenderAt: T - P.stallMs };
		const last = T - P.minReloadIntervalMs + MIN;
		expect(watchdogVerdict(healthy({ ...stalled, lastReloadAt: last }))).toEqual({
			action: 'hold',
			reason: 'stalled',
			until: last + P.minReloadIntervalMs
		});
		expect(watchdogVerdict(healthy({ ...stalled, lastReloadAt: T - P.minReloadIntervalMs }))).toEqual({ action: 'reload', reason: 'stalled' });
	});

	it('a clock set back does not make a recent reload look old', () => {
		expect(watchdogVerdict(healthy({ lastRenderAt: T - P.stallMs, lastReloadAt: T + 5 * MIN })).action).toBe('hold');
	});

	it('a custom policy is honoured', () => {
		const quick = { ...P, liveDownMs: MIN };
		expect(watchdogVerdict(healthy({ liveDownSince: T - MIN, healthOkAt: T }), quick)).toEqual({ action: 'reload', reason: 'live_down' });
	});
});
