/**
 * Sign-in throttling (rate-limiter-flexible: maintained, with PostgreSQL and Redis stores for
 * when several processes share the load — this in-memory store is per process, behind this one
 * interface).
 *
 * Three rules, each counted BEFORE the password is verified, with one atomic consume per counter,
 * so that 40 parallel guesses are limited exactly as 40 serial ones (a check-then-count would let
 * every parallel guess pass the check before any was counted):
 * - the pair account + address is locked after `perPair` attempts: a guesser is stopped;
 * - an address is locked after `perAddress` attempts on any accounts: a sprayer is stopped;
 * - the account alone is never locked (a stranger could then lock out a known commander): past
 *   `perAccount` attempts from all addresses together it is slowed to one attempt every
 *   `slowSeconds`, whoever makes it.
 * A successful sign-in clears its pair and the account's count, and gives back the attempt it
 * counted on the address (so only failures add up there).
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface ThrottleOptions {
	/** Attempts per account from one address before that pair is locked. */
	perPair: number;
	/** Attempts per address (any accounts) before the address is locked. */
	perAddress: number;
	/** Attempts per account from all addresses before the account is slowed down. */
	perAccount: number;
	/** A slowed account allows one attempt this often, seconds. */
	slowSeconds: number;
	/** Counting window and lock duration, seconds. */
	windowSeconds: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = { perPair: 5, perAddress: 30, perAccount: 20, slowSeconds: 10, windowSeconds: 15 * 60 };

export interface SignInThrottle {
	/**
	 * Counts one attempt, atomically. 0: it may be evaluated; otherwise the seconds to wait, and
	 * nothing was counted.
	 */
	attempt(username: string, address: string): Promise<number>;
	succeeded(username: string, address: string): Promise<void>;
}

export function createSignInThrottle(opts: ThrottleOptions = DEFAULT_THROTTLE): SignInThrottle {
	const window = { duration: opts.windowSeconds, blockDuration: opts.windowSeconds };
	const pair = new RateLimiterMemory({ keyPrefix: 'pair', points: opts.perPair, ...window });
	const address = new RateLimiterMemory({ keyPrefix: 'addr', points: opts.perAddress, ...window });
	const account = new RateLimiterMemory({ keyPrefix: 'acct', points: opts.perAccount, duration: opts.windowSeconds });
	const slow = new RateLimiterMemory({ keyPrefix: 'slow', points: 1, duration: opts.slowSeconds });
	const accountKey = (u: string) => u.trim().toLowerCase();
	const pairKey = (u: string, a: string) => `${accountKey(u)}\n${a}`;

	/** One atomic consume: 0 when taken, else seconds to wait. */
	async function take(limiter: RateLimiterMemory, key: string): Promise<number> {
		try {
			await limiter.consume(key);
			return 0;
		} catch (r) {
			if (r instanceof RateLimiterRes) return Math.max(1, Math.ceil(r.msBeforeNext / 1000));
			throw r;
		}
	}

	return {
		async attempt(username, addr) {
			const taken: Array<[RateLimiterMemory, string]> = [];
			const steps: Array<[RateLimiterMemory, string]> = [
				[pair, pairKey(username, addr)],
				[address, addr]
			];
			let wait = 0;
			for (const [limiter, key] of steps) {
				wait = await take(limiter, key);
				if (wait) break;
				taken.push([limiter, key]);
			}
			// Past its threshold the account is slowed, not locked: one attempt per slowSeconds.
			if (!wait && (await take(account, accountKey(username)))) wait = await take(slow, accountKey(username));
			if (wait) {
				// Refused attempts are not counted against the counters that let them through.
				await Promise.all(taken.map(([limiter, key]) => limiter.reward(key)));
			}
			return wait;
		},
		async succeeded(username, addr) {
			// Only failures count: the attempt counted on the address is given back (many people
			// may sign in from one address — a ward office, a proxy without TRUST_PROXY).
			await Promise.all([
				pair.delete(pairKey(username, addr)),
				address.reward(addr, 1),
				account.delete(accountKey(username)),
				slow.delete(accountKey(username))
			]);
		}
	};
}
