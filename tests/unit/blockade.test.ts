/** The rules of a blockaded area (issue 13 §1): what may change on one, which test round comes next. */
import { describe, expect, it } from 'vitest';
import {
	blockadeAsOf,
	blockadesPicture,
	reportBlockades,
	byRecency,
	checkFigures,
	checkOpen,
	checkRound,
	isActive,
	latestRound,
	nextRound,
	type Blockade,
	type TestRound
} from '../../src/lib/domain/blockade.ts';

const at = (iso: string) => new Date(iso);
const round = (n: number, of = 3, date = '2021-08-29'): TestRound => ({
	round: n,
	of,
	date,
	samples: 120,
	positives: 0,
	recordedBy: 'Tổ xét nghiệm',
	recordedAt: `${date}T03:00:00.000Z`
});
const blockade = (over: Partial<Blockade> = {}): Blockade => ({
	id: 1,
	wardCode: 'kim-ma',
	name: 'Ngõ 12 Kim Mã',
	address: null,
	zone: 'red',
	// 07:00 on 28/08/2021 in Hà Nội.
	startedAt: '2021-08-28T00:00:00.000Z',
	people: 480,
	households: 120,
	rounds: [],
	liftedAt: null,
	liftedBy: null,
	liftReference: null,
	liftNote: null,
	createdBy: 'Chỉ huy Kim Mã',
	updatedAt: '2021-08-28T00:00:00.000Z',
	...over
});
const now = at('2021-08-30T05:00:00.000Z');

describe('a blockade', () => {
	it('is active from its start until it is lifted', () => {
		const b = blockade({ liftedAt: '2021-09-05T10:00:00.000Z' });
		expect(isActive(b, at('2021-08-27T23:59:59.000Z'))).toBe(false);
		expect(isActive(b, at('2021-08-28T00:00:00.000Z'))).toBe(true);
		expect(isActive(b, at('2021-09-05T09:59:59.000Z'))).toBe(true);
		expect(isActive(b, at('2021-09-05T10:00:00.000Z'))).toBe(false);
		expect(isActive(blockade(), at('2030-01-01T00:00:00.000Z'))).toBe(true);
	});

	it('cannot hold more households than people, nor start in the future (5 minutes of clock drift allowed)', () => {
		expect(checkFigures({ people: 480, households: 120 }, now)).toBeNull();
		expect(checkFigures({ people: 3, households: 3 }, now)).toBeNull();
		expect(checkFigures({ people: 3, households: 4 }, now)).toEqual({ code: 'households_exceed_people', field: 'households' });
		expect(checkFigures({ people: 3, households: 1, startedAt: new Date(now.getTime() + 5 * 60_000) }, now)).toBeNull();
		expect(checkFigures({ people: 3, households: 1, startedAt: new Date(now.getTime() + 5 * 60_000 + 1) }, now)).toEqual({
			code: 'started_in_future',
			field: 'startedAt'
		});
	});

	it('takes no change once lifted', () => {
		expect(checkOpen(blockade())).toBeNull();
		expect(checkOpen(blockade({ liftedAt: '2021-09-05T10:00:00.000Z' }))).toEqual({ code: 'blockade_lifted', field: '' });
	});
});

describe('testing rounds', () => {
	it('start at any round (a ward may begin recording at round 3) and then follow one another', () => {
		expect(nextRound(blockade())).toBeNull();
		expect(checkRound(blockade(), round(3), now)).toBeNull();
		const b = blockade({ rounds: [round(1), round(2)] });
		expect(nextRound(b)).toBe(3);
		expect(checkRound(b, round(3), now)).toBeNull();
		expect(checkRound(b, round(2), now)).toEqual({ code: 'round_out_of_order', field: 'round', expected: 3 });
		expect(checkRound(b, round(4), now)).toEqual({ code: 'round_out_of_order', field: 'round', expected: 3 });
	});

	it('are n of m with n ≤ m, and never more positives than samples', () => {
		expect(checkRound(blockade(), round(3, 2), now)).toEqual({ code: 'round_exceeds_plan', field: 'round' });
		expect(checkRound(blockade(), { ...round(1), samples: 10, positives: 10 }, now)).toBeNull();
		expect(checkRound(blockade(), { ...round(1), samples: 10, positives: 11 }, now)).toEqual({ code: 'positives_exceed_samples', field: 'positives' });
	});

	it("are taken on a local day between the blockade's first day and today (Asia/Ho_Chi_Minh)", () => {
		// Started 07:00 on 28/08 local: the 28th counts, the 27th does not.
		expect(checkRound(blockade(), round(1, 3, '2021-08-28'), now)).toBeNull();
		expect(checkRound(blockade(), round(1, 3, '2021-08-27'), now)).toEqual({ code: 'round_before_start', field: 'date' });
		// 05:00Z on the 30th is 12:00 on the 30th in Hà Nội: today counts, tomorrow does not.
		expect(checkRound(blockade(), round(1, 3, '2021-08-30'), now)).toBeNull();
		expect(checkRound(blockade(), round(1, 3, '2021-08-31'), now)).toEqual({ code: 'round_in_future', field: 'date' });
	});

	it('are not recorded on a lifted blockade', () => {
		expect(checkRound(blockade({ liftedAt: '2021-08-29T10:00:00.000Z' }), round(1), now)).toEqual({ code: 'blockade_lifted', field: '' });
	});

	it('the latest is the highest round', () => {
		expect(latestRound(blockade())).toBeNull();
		expect(latestRound(blockade({ rounds: [round(2), round(1)] }))?.round).toBe(2);
	});
});

describe('the order blockades are listed in', () => {
	it('is active ones first, newest first, then lifted ones, most recently lifted first', () => {
		const a = blockade({ id: 1, startedAt: '2021-08-01T00:00:00.000Z' });
		const b = blockade({ id: 2, startedAt: '2021-08-05T00:00:00.000Z' });
		const c = blockade({ id: 3, startedAt: '2021-07-01T00:00:00.000Z', liftedAt: '2021-08-10T00:00:00.000Z' });
		const d = blockade({ id: 4, startedAt: '2021-07-02T00:00:00.000Z', liftedAt: '2021-08-20T00:00:00.000Z' });
		expect([a, c, b, d].sort(byRecency).map((x) => x.id)).toEqual([2, 1, 4, 3]);
	});
});

describe("the wall's picture of blockades", () => {
	it('counts the active ones, the people and households inside; a positive latest round first, then the longest-running', () => {
		const old = blockade({ id: 1, name: 'A', startedAt: '2021-08-20T00:00:00.000Z', people: 100, households: 30 });
		const hot = blockade({
			id: 2,
			name: 'B',
			startedAt: '2021-08-29T00:00:00.000Z',
			people: 50,
			households: 10,
			rounds: [{ ...round(1, 3, '2021-08-29'), positives: 2 }]
		});
		const lifted = blockade({ id: 3, name: 'C', liftedAt: '2021-08-29T00:00:00.000Z' });
		const later = blockade({ id: 4, name: 'D', startedAt: '2021-09-01T00:00:00.000Z' });
		const p = blockadesPicture([old, hot, lifted, later], now);
		expect(p).toMatchObject({ active: 2, people: 150, households: 40, withPositives: 1 });
		expect(p.lines.map((l) => [l.blockade.id, l.days, l.latest?.round ?? null])).toEqual([
			[2, 1, 1],
			[1, 10, null]
		]);
	});
});

describe('blockades in a situation report, as of its slot', () => {
	const slot = at('2021-08-30T05:00:00.000Z'); // 12:00
	const previous = at('2021-08-29T23:00:00.000Z'); // 06:00
	it('a blockade lifted after the slot was still active then, without the rounds recorded later', () => {
		const b = blockade({
			rounds: [round(1), { ...round(2, 3, '2021-08-30'), recordedAt: '2021-08-30T06:00:00.000Z' }],
			liftedAt: '2021-08-30T07:00:00.000Z',
			liftReference: 'QĐ 1',
			liftedBy: 'X'
		});
		const then = blockadeAsOf(b, slot);
		expect(then).toMatchObject({ liftedAt: null, liftReference: null, liftedBy: null });
		expect(then.rounds.map((r) => r.round)).toEqual([1]);
		expect(blockadeAsOf(b, at('2021-08-30T08:00:00.000Z')).liftReference).toBe('QĐ 1');
	});

	it('lists the active ones with people and households, and which were opened and lifted since the previous slot', () => {
		const old = blockade({ id: 1, people: 100, households: 20 });
		const opened = blockade({ id: 2, startedAt: '2021-08-30T01:00:00.000Z', people: 50, households: 10 });
		const lifted = blockade({ id: 3, liftedAt: '2021-08-30T02:00:00.000Z', liftReference: 'QĐ 9' });
		const liftedBefore = blockade({ id: 4, liftedAt: '2021-08-29T20:00:00.000Z' });
		const later = blockade({ id: 5, startedAt: '2021-08-30T06:00:00.000Z' });
		const r = reportBlockades([old, opened, lifted, liftedBefore, later], slot, previous);
		expect(r.active.map((b) => b.id)).toEqual([2, 1]);
		expect(r).toMatchObject({ opened: [2], people: 150, households: 30 });
		expect(r.lifted.map((b) => b.id)).toEqual([3]);
	});
});
