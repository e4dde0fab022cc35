import { describe, expect, it } from 'vitest';
import { checkLayoutPlaylist, chooseWallPlaylist, layoutItems, type WallLayout } from '../../src/lib/domain/wall-layout.ts';
import { defaultPlaylist } from '../../src/lib/domain/playlist.ts';

const layout = (slug: string, over: Partial<WallLayout> = {}): WallLayout => ({
	slug,
	title: `Bố cục ${slug}`,
	views: [
		{ view: 'quarantine', seconds: 20 },
		{ view: 'stock', seconds: 10 }
	],
	pin: null,
	createdBy: 'admin',
	updatedAt: '2026-11-22T01:00:00.000Z',
	...over
});

describe('checkLayoutPlaylist: what may be saved', () => {
	it('accepts views (text or items) and a pin', () => {
		expect(checkLayoutPlaylist('quarantine:20,stock', 'overview')).toEqual({
			ok: true,
			views: [
				{ view: 'quarantine', seconds: 20 },
				{ view: 'stock', seconds: 30 }
			],
			pin: 'overview'
		});
		expect(checkLayoutPlaylist([{ view: 'trends', seconds: 60 }], '  ')).toEqual({ ok: true, views: [{ view: 'trends', seconds: 60 }], pin: null });
	});
	it('refuses an unknown view and seconds out of range, each named, and saves nothing', () => {
		expect(checkLayoutPlaylist('overview:30,beds:20,stock:2', null)).toEqual({
			ok: false,
			problems: [
				{ field: 'views', code: 'unknown_view', index: 1, view: 'beds', seconds: '20' },
				{ field: 'views', code: 'seconds_out_of_range', index: 2, view: 'stock', seconds: '2' }
			]
		});
	});
	it('refuses an unknown pin', () => {
		expect(checkLayoutPlaylist('overview:30', 'map')).toEqual({ ok: false, problems: [{ field: 'pin', code: 'unknown_view', view: 'map' }] });
	});
	it('views may be empty only when a view is pinned', () => {
		expect(checkLayoutPlaylist('', 'stock')).toEqual({ ok: true, views: [], pin: 'stock' });
		expect(checkLayoutPlaylist('', null)).toEqual({ ok: false, problems: [{ field: 'views', code: 'required' }] });
	});
});

describe('layoutItems', () => {
	it('a pinned layout shows its pin only', () => {
		expect(layoutItems(layout('a', { pin: 'trends' }))).toEqual([{ view: 'trends', seconds: 3600 }]);
	});
	it('a view retired since the layout was saved is skipped; nothing left → default', () => {
		expect(
			layoutItems({
				pin: null,
				views: [
					{ view: 'gone' as never, seconds: 10 },
					{ view: 'stock', seconds: 10 }
				]
			})
		).toEqual([{ view: 'stock', seconds: 10 }]);
		expect(layoutItems({ pin: null, views: [] })).toEqual(defaultPlaylist());
	});
});

describe('chooseWallPlaylist: which playlist a wall plays', () => {
	const layouts = [layout('phong-dieu-hanh'), layout('cach-ly', { pin: 'quarantine' })];
	const none = { layout: null, views: null, pin: null };

	it('?layout= names a saved layout', () => {
		const c = chooseWallPlaylist({ ...none, layout: 'phong-dieu-hanh' }, 'cach-ly', layouts);
		expect(c.source).toBe('layout');
		expect(c.layout).toEqual({ slug: 'phong-dieu-hanh', title: 'Bố cục phong-dieu-hanh' });
		expect(c.items[0]).toEqual({ view: 'quarantine', seconds: 20 });
		expect(c.missing).toBeNull();
	});
	it('an unknown ?layout= falls back to the default playlist and says which one is missing', () => {
		const c = chooseWallPlaylist({ layout: 'khong-co', views: 'stock:10', pin: null }, 'cach-ly', layouts);
		expect(c).toEqual({ items: defaultPlaylist(), source: 'default', layout: null, missing: 'khong-co' });
	});
	it('the URL’s own views beat the kiosk’s default layout', () => {
		const c = chooseWallPlaylist({ ...none, views: 'stock:10' }, 'cach-ly', layouts);
		expect(c).toEqual({ items: [{ view: 'stock', seconds: 10 }], source: 'url', layout: null, missing: null });
		expect(chooseWallPlaylist({ ...none, pin: 'trends' }, 'cach-ly', layouts).items).toEqual([{ view: 'trends', seconds: 3600 }]);
	});
	it('a TV opened with only its kiosk link plays the kiosk’s layout', () => {
		const c = chooseWallPlaylist(none, 'cach-ly', layouts);
		expect(c.source).toBe('kiosk');
		expect(c.items).toEqual([{ view: 'quarantine', seconds: 3600 }]);
	});
	it('a kiosk layout that was deleted falls back to the default playlist, named as missing', () => {
		expect(chooseWallPlaylist(none, 'da-xoa', layouts)).toEqual({ items: defaultPlaylist(), source: 'default', layout: null, missing: 'da-xoa' });
	});
	it('nothing asked → every view', () => {
		expect(chooseWallPlaylist({ layout: ' ', views: '', pin: null }, null, layouts)).toEqual({
			items: defaultPlaylist(),
			source: 'default',
			layout: null,
			missing: null
		});
	});
});
