/**
 * Counters for floods: request rates and concurrent connections, per key (a connection, a
 * principal). One small interface over rate-limiter-flexible (maintained; memory, Redis,
 * PostgreSQL stores): this process keeps them in memory; a multi-process deployment backs the
 * same interface with `RateLimiterRedis` (same consume/reward calls, atomic in Redis) so that a
 * principal's connections on every process count together.
 */
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** At most `points` takes per key in any `seconds` window. */
interface Rate {
	/** Counts one take; false when over the rate (and then it is not an error, just refused). */
	take(key: string): Promise<boolean>;
}

/** Concurrent holders per key (open connections of one principal). */
interface Slots {
	/** Takes a slot when fewer than `max` are held; false (nothing held) otherwise. */
	acquire(key: string, max: number): Promise<boolean>;
	/** Gives back a slot taken by acquire. */
	release(key: string): Promise<void>;
}

export interface Limits {
	rate(name: string, points: number, seconds: number): Rate;
	slots(name: string): Slots;
}

export type LimitsStore = { store: 'memory' };

export function createLimits(opts: LimitsStore = { store: 'memory' }): Limits {
	// The one place that picks a store: add `{ store: 'redis', client }` → RateLimiterRedis here.
	const make = (o: { keyPrefix: string; points: number; duration: number }): RateLimiterAbstract => {
		if (opts.store !== 'memory') throw new Error(`unknown limits store ${String(opts.store)}`);
		return new RateLimiterMemory(o);
	};
	return {
		rate(name, points, seconds) {
			const limiter = make({ keyPrefix: `rate:${name}`, points, duration: seconds });
			return {
				async take(key) {
					try {
						await limiter.consume(key);
						return true;
					} catch (r) {
						if (r instanceof RateLimiterRes) return false;
						throw r;
					}
				}
			};
		},
		slots(name) {
			// A counter that never expires (duration 0): consume = take a slot, reward = give it back.
			const limiter = make({ keyPrefix: `slots:${name}`, points: Number.MAX_SAFE_INTEGER, duration: 0 });
			return {
				async acquire(key, max) {
					const r = await limiter.consume(key);
					if (r.consumedPoints <= max) return true;
					await limiter.reward(key);
					return false;
				},
				async release(key) {
					await limiter.reward(key);
				}
			};
		}
	};
}
