/**
 * Named wall layouts: a saved playlist (and optional pinned view) that a TV opens with
 * `/wall?layout=<slug>` or carries as its kiosk's default. Which playlist a wall plays is decided
 * here, purely, so the server's first paint and the live wall decide it the same way.
 */
import {
	defaultPlaylist,
	isView,
	parsePlaylist,
	pinned,
	readPlaylistStrict,
	type PlaylistItem,
	type PlaylistItemProblem,
	type RawItem,
	type WallView
} from './playlist.ts';

/** Slugs are in TVs' links: lower-case ASCII words joined by dashes, short enough to type. */
export const LAYOUT_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const LAYOUT_SLUG_MAX = 40;
export const LAYOUT_TITLE_MAX = 100;

/** A saved layout as every reader sees it. */
export interface WallLayout {
	slug: string;
	/** Vietnamese title, for people choosing a layout. */
	title: string;
	/** In playing order; may be empty only when `pin` is set. */
	views: PlaylistItem[];
	pin: WallView | null;
	createdBy: string;
	updatedAt: string;
}

export type LayoutProblem =
	| { field: 'views'; code: 'required' | 'too_many' }
	| { field: 'views'; code: PlaylistItemProblem['problem']; index: number; view: string; seconds: PlaylistItemProblem['seconds'] }
	| { field: 'pin'; code: 'unknown_view'; view: string };

/**
 * The playlist part of a layout, strictly (see readPlaylistStrict). Views may be left empty when a
 * view is pinned: the pin is the whole layout then. Nothing is dropped or corrected.
 */
export function checkLayoutPlaylist(
	views: string | readonly RawItem[],
	pin: string | null
): { ok: true; views: PlaylistItem[]; pin: WallView | null } | { ok: false; problems: LayoutProblem[] } {
	const problems: LayoutProblem[] = [];
	const pinText = pin?.trim() || null;
	if (pinText !== null && !isView(pinText)) problems.push({ field: 'pin', code: 'unknown_view', view: pinText });
	const read = readPlaylistStrict(views);
	let items: PlaylistItem[] = [];
	if (read.ok) items = read.items;
	else if (read.refusal === 'items')
		for (const p of read.problems) problems.push({ field: 'views', code: p.problem, index: p.index, view: p.view, seconds: p.seconds });
	else if (read.refusal === 'too_many') problems.push({ field: 'views', code: 'too_many' });
	else if (pinText === null) problems.push({ field: 'views', code: 'required' });
	return problems.length ? { ok: false, problems } : { ok: true, views: items, pin: pinText as WallView | null };
}

/** What a saved layout plays. Stored items are re-checked: a view retired since it was saved is skipped. */
export function layoutItems(layout: Pick<WallLayout, 'views' | 'pin'>): PlaylistItem[] {
	if (isView(layout.pin)) return pinned(layout.pin);
	const items = layout.views.filter((i) => isView(i.view) && Number.isFinite(i.seconds) && i.seconds > 0);
	return items.length ? items : defaultPlaylist();
}

/** What the wall's URL asks for. */
export interface WallRequest {
	layout: string | null;
	views: string | null;
	pin: string | null;
}

export interface WallChoice {
	items: PlaylistItem[];
	/** Where the playlist came from: `?layout=`, the kiosk's default layout, `?views=`/`?pin=`, or nothing. */
	source: 'layout' | 'kiosk' | 'url' | 'default';
	layout: { slug: string; title: string } | null;
	/** A layout was asked for (URL or kiosk) but does not exist: the wall says so and plays the default. */
	missing: string | null;
}

const present = (s: string | null) => (s?.trim() ? s.trim() : null);

/**
 * The wall's playlist. `?layout=` wins (the link names it); then the URL's own `?views=`/`?pin=`
 * (a link that spells out its playlist means it); then the kiosk's default layout; then every view.
 * A named layout that does not exist falls back to the default playlist — never a blank wall.
 */
export function chooseWallPlaylist(request: WallRequest, kioskLayout: string | null, layouts: readonly WallLayout[]): WallChoice {
	const named = (slug: string, source: 'layout' | 'kiosk'): WallChoice => {
		const l = layouts.find((x) => x.slug === slug);
		return l
			? { items: layoutItems(l), source, layout: { slug: l.slug, title: l.title }, missing: null }
			: { items: defaultPlaylist(), source: 'default', layout: null, missing: slug };
	};
	const asked = present(request.layout);
	if (asked) return named(asked, 'layout');
	if (present(request.views) || present(request.pin)) {
		return { items: parsePlaylist(request.views, request.pin), source: 'url', layout: null, missing: null };
	}
	if (kioskLayout) return named(kioskLayout, 'kiosk');
	return { items: defaultPlaylist(), source: 'default', layout: null, missing: null };
}
