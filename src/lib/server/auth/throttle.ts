/**
 * Sign-in throttling per account and per address (rate-limiter-flexible: maintained, with
 * PostgreSQL and Redis stores for when several processes share the load — this in-memory store
 * is per process, behind this one interface).
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface ThrottleOptions {
	/** Failed attempts per account before it is blocked. */
	perAccount: number;
	/** Failed attempts per address before it is blocked. */
	perAddress: number;
	/** Window and block duration, seconds. */
	windowSeconds: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = { perAccount: 5, perAddress: 30, windowSeconds: 15 * 60 };

export interface SignInThrottle {
	/** Seconds to wait when blocked, or 0 when a sign-in may be tried. */
	blockedFor(username: string, address: string): Promise<number>;
	failed(username: string, address: string): Promise<void>;
	succeeded(username: string): Promise<void>;
}

export function createSignInThrottle(opts: ThrottleOptions = DEFAULT_THROTTLE): SignInThrottle {
	const account = new RateLimiterMemory({ keyPrefix: 'acct', points: opts.perAccount, duration: opts.windowSeconds, blockDuration: opts.windowSeconds });
	const address = new RateLimiterMemory({ keyPrefix: 'addr', points: opts.perAddress, duration: opts.windowSeconds, blockDuration: opts.windowSeconds });
	const key = (u: string) => u.trim().toLowerCase();
	const wait = (r: RateLimiterRes | null, limit: number) =>
		r && r.consumedPoints >= limit ? Math.max(1, Math.ceil(r.msBeforeNext / 1000)) : 0;
	return {
		async blockedFor(username, addr) {
			const [a, b] = await Promise.all([account.get(key(username)), address.get(addr)]);
			return Math.max(wait(a, opts.perAccount), wait(b, opts.perAddress));
		},
		async failed(username, addr) {
			// consume() rejects once the limit is passed; that is the block, not an error.
			await Promise.all([account.consume(key(username)).catch(() => {}), address.consume(addr).catch(() => {})]);
		},
		async succeeded(username) {
			await account.delete(key(username));
		}
	};
}
