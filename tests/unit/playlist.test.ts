import { describe, expect, it } from 'vitest';
import { formatPlaylist, parsePlaylist, playlistPosition, readPlaylistStrict, WALL_VIEWS } from '../../src/lib/domain/playlist.ts';

describe('parsePlaylist', () => {
	it('reads views with display times from the URL', () => {
		expect(parsePlaylist('overview:45,quarantine:15', null)).toEqual([
			{ view: 'overview', seconds: 45 },
			{ view: 'quarantine', seconds: 15 }
		]);
	});
	it('skips unknown views, clamps times, defaults to 30 s', () => {
		expect(parsePlaylist('overview:1,bogus:10,quarantine', null)).toEqual([
			{ view: 'overview', seconds: 5 },
			{ view: 'quarantine', seconds: 30 }
		]);
		expect(parsePlaylist('quarantine:999999', null)).toEqual([{ view: 'quarantine', seconds: 3600 }]);
	});
	it('nothing valid → every view', () => {
		expect(parsePlaylist(null, null).map((i) => i.view)).toEqual([
			'overview',
			'quarantine',
			'stock',
			'checkpoints',
			'blockades',
			'progress',
			'welfare',
			'trends',
			'tasks',
			'duty'
		]);
		expect(parsePlaylist('x,y', null).length).toBe(WALL_VIEWS.length);
	});
	it('a pin shows one view only', () => {
		expect(parsePlaylist('overview:10,quarantine:10', 'quarantine')).toEqual([{ view: 'quarantine', seconds: 3600 }]);
		expect(parsePlaylist('overview:10', 'bogus')).toEqual([{ view: 'overview', seconds: 10 }]);
	});
});

describe('playlistPosition', () => {
	const items = parsePlaylist('overview:30,quarantine:10', null);
	it.each([
		[0, 0, 30_000],
		[29_999, 0, 1],
		[30_000, 1, 10_000],
		[39_999, 1, 1],
		[40_000, 0, 30_000],
		[40_000 * 1000 + 35_000, 1, 5_000],
		[-5, 0, 30_000]
	])('at %i ms → view %i with %i ms left', (elapsed, index, remainingMs) => {
		expect(playlistPosition(items, elapsed)).toEqual({ index, remainingMs });
	});
});

describe('readPlaylistStrict (saved layouts): the same parser as the URL, but refusing instead of correcting', () => {
	it('reads the URL form and items alike; absent seconds → 30 s', () => {
		const expected = [
			{ view: 'quarantine', seconds: 20 },
			{ view: 'overview', seconds: 30 }
		];
		expect(readPlaylistStrict('quarantine:20, overview')).toEqual({ ok: true, items: expected });
		expect(readPlaylistStrict([{ view: 'quarantine', seconds: 20 }, { view: 'overview' }])).toEqual({ ok: true, items: expected });
		// What the URL parser reads from the same text is the same playlist.
		expect(parsePlaylist('quarantine:20, overview', null)).toEqual(expected);
	});
	it('an unknown view is refused with its position, not skipped', () => {
		expect(readPlaylistStrict('overview:30,bogus:10,stock:20')).toEqual({
			ok: false,
			refusal: 'items',
			problems: [{ index: 1, view: 'bogus', seconds: '10', problem: 'unknown_view' }]
		});
	});
	it.each([['overview:4'], ['overview:3601'], ['overview:12.5'], ['overview:abc'], ['overview:30:5'], ['overview:-10']])(
		'%s: seconds out of range are refused, not clamped',
		(text) => {
			const r = readPlaylistStrict(text);
			expect(r.ok).toBe(false);
			if (!r.ok && r.refusal === 'items') expect(r.problems[0]?.problem).toBe('seconds_out_of_range');
			else throw new Error('expected an item refusal');
		}
	);
	it('the bounds themselves are allowed', () => {
		expect(
			readPlaylistStrict([
				{ view: 'stock', seconds: 5 },
				{ view: 'trends', seconds: 3600 }
			]).ok
		).toBe(true);
	});
	it('empty and too long are refused', () => {
		expect(readPlaylistStrict(' , ')).toEqual({ ok: false, refusal: 'empty' });
		expect(readPlaylistStrict(Array.from({ length: 51 }, () => ({ view: 'overview', seconds: 10 })))).toEqual({ ok: false, refusal: 'too_many' });
	});
	it('formatPlaylist writes back what the parser reads', () => {
		const items = parsePlaylist('overview:45,quarantine:15', null);
		expect(parsePlaylist(formatPlaylist(items), null)).toEqual(items);
	});
});
