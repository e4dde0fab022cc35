import { describe, expect, it } from 'vitest';
import { backoff, decide, methodOf, stampEntered } from '../../src/lib/domain/outbox.ts';

describe('decide: what to do with an entry after an attempt', () => {
	it.each([
		[201, 'sent'],
		[200, 'sent'],
		['network', 'retry'],
		[503, 'retry'],
		[500, 'retry'],
		[429, 'retry'],
		[401, 'signin'],
		[400, 'refused'],
		[403, 'refused'],
		[404, 'refused'],
		// idempotency_key_reused: the key was first sent with other values; resending cannot help
		[409, 'refused']
	] as const)('%s → %s', (status, outcome) => expect(decide(status)).toBe(outcome));
});

describe('backoff', () => {
	it('doubles from 1 s and stops at 30 s', () => {
		const mid = () => 0.5;
		expect([0, 1, 2, 3, 4, 5, 6, 10].map((a) => backoff(a, mid))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
	});
	it('jitters within ±20 %', () => {
		expect(backoff(2, () => 0)).toBe(3200);
		expect(backoff(2, () => 1)).toBe(4800);
	});
});

describe('stampEntered: the device time of entry on every queued entry', () => {
	it('adds the time the entry was queued, keeping every field', () => {
		expect(stampEntered({ kind: 'admission', amount: 3 }, '2021-08-01T16:58:00.000Z')).toEqual({
			kind: 'admission',
			amount: 3,
			enteredAt: '2021-08-01T16:58:00.000Z'
		});
	});
	it('never overwrites a time already there, and leaves anything that is not an object alone', () => {
		expect(stampEntered({ enteredAt: 'x' }, 'y')).toEqual({ enteredAt: 'x' });
		expect(stampEntered([1], 'y')).toEqual([1]);
		expect(stampEntered(null, 'y')).toBeNull();
	});
});

describe('methodOf: how a stored entry is sent', () => {
	it('with the method stored with it, and an entry stored before entries could be changes as a POST', () => {
		expect(methodOf({ method: 'PATCH' })).toBe('PATCH');
		expect(methodOf({ method: 'POST' })).toBe('POST');
		expect(methodOf({})).toBe('POST');
	});
});
