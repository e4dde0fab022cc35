import { describe, expect, it } from 'vitest';
import { parsePlaylist, playlistPosition } from '../../src/lib/domain/playlist.ts';

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
		expect(parsePlaylist(null, null).map((i) => i.view)).toEqual(['overview', 'quarantine', 'stock', 'checkpoints', 'trends']);
		expect(parsePlaylist('x,y', null).length).toBe(5);
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
