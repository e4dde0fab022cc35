/** Flood counters (src/lib/server/limits.ts) and the sign-in throttle (auth/throttle.ts). */
import { describe, expect, it } from 'vitest';
import { createLimits } from '../../src/lib/server/limits.ts';
import { createSignInThrottle } from '../../src/lib/server/auth/throttle.ts';

describe('limits', () => {
	it('a rate allows `points` per window per key, counted atomically under parallel takes', async () => {
		const rate = createLimits().rate('t', 5, 60);
		const taken = await Promise.all(Array.from({ length: 40 }, () => rate.take('a')));
		expect(taken.filter(Boolean)).toHaveLength(5);
		expect(await rate.take('b')).toBe(true);
	});

	it('slots hold at most `max` per key; a refused acquire holds nothing; release gives one back', async () => {
		const slots = createLimits().slots('s');
		const got = await Promise.all(Array.from({ length: 10 }, () => slots.acquire('k', 3)));
		expect(got.filter(Boolean)).toHaveLength(3);
		await slots.release('k');
		expect(await slots.acquire('k', 3)).toBe(true);
		expect(await slots.acquire('k', 3)).toBe(false);
		expect(await slots.acquire('other', 1)).toBe(true);
	});
});

describe('sign-in throttle', () => {
	const opts = { perPair: 3, perAddress: 8, perAccount: 5, slowSeconds: 60, windowSeconds: 60 };

	it('40 parallel attempts on one pair let exactly perPair through', async () => {
		const t = createSignInThrottle(opts);
		const waits = await Promise.all(Array.from({ length: 40 }, () => t.attempt('an', '10.0.0.1')));
		expect(waits.filter((w) => w === 0)).toHaveLength(3);
		expect(waits.filter((w) => w > 0).every((w) => w <= 60)).toBe(true);
	});

	it('locks the pair, not the account: another address still gets through', async () => {
		const t = createSignInThrottle(opts);
		for (let i = 0; i < 10; i++) await t.attempt('an', '10.0.0.1');
		expect(await t.attempt('an', '10.0.0.1')).toBeGreaterThan(0);
		expect(await t.attempt('an', '10.0.0.2')).toBe(0);
	});

	it('past perAccount from many addresses the account is slowed to one attempt per slowSeconds, never locked outright', async () => {
		const t = createSignInThrottle(opts);
		for (let i = 0; i < 5; i++) expect(await t.attempt('an', `10.0.1.${i}`)).toBe(0);
		expect(await t.attempt('an', '10.0.2.1')).toBe(0); // the one slow attempt of this period
		const wait = await t.attempt('an', '10.0.2.2');
		expect(wait).toBeGreaterThan(0);
		expect(wait).toBeLessThanOrEqual(60);
	});

	it('locks an address that sprays many accounts; a refused attempt is not counted on the pair', async () => {
		const t = createSignInThrottle(opts);
		for (let i = 0; i < 8; i++) expect(await t.attempt(`user${i}`, '10.0.3.1')).toBe(0);
		expect(await t.attempt('user9', '10.0.3.1')).toBeGreaterThan(0);
		// user9's pair was refunded: from a fresh address it still has all its attempts.
		for (let i = 0; i < 3; i++) expect(await t.attempt('user9', '10.0.3.2')).toBe(0);
	});

	it('successes do not add up on an address (a ward office signs everyone in from one)', async () => {
		const t = createSignInThrottle(opts);
		for (let i = 0; i < 20; i++) {
			expect(await t.attempt(`nguoi${i}`, '10.0.5.1')).toBe(0);
			await t.succeeded(`nguoi${i}`, '10.0.5.1');
		}
		expect(await t.attempt('nguoi-cuoi', '10.0.5.1')).toBe(0);
	});

	it('a success clears the pair and the account count', async () => {
		const t = createSignInThrottle(opts);
		for (let i = 0; i < 2; i++) await t.attempt('an', '10.0.4.1');
		await t.succeeded('an', '10.0.4.1');
		for (let i = 0; i < 3; i++) expect(await t.attempt('an', '10.0.4.1')).toBe(0);
	});
});
