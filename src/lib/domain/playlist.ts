/**
 * The wall's playlist: which views rotate, and for how long each shows. Set from the URL
 * (`?views=overview:30,quarantine:20`, `?pin=quarantine`) so a TV's link is its configuration,
 * or saved as a named wall layout. Both are read here, by one parser: the URL leniently (a typo on
 * a TV's link must still show a wall), a saved layout strictly (what is saved is exactly what plays).
 */
export const WALL_VIEWS = ['overview', 'quarantine', 'stock', 'checkpoints', 'blockades', 'progress', 'welfare', 'trends', 'tasks', 'duty'] as const;
export type WallView = (typeof WALL_VIEWS)[number];

export interface PlaylistItem {
	view: WallView;
	seconds: number;
}

const DEFAULT_SECONDS = 30;
export const MIN_SECONDS = 5;
export const MAX_SECONDS = 3600;
/** More items than this is a mistake, not a playlist (and keeps a saved layout small). */
export const MAX_ITEMS = 50;

export function isView(v: unknown): v is WallView {
	return typeof v === 'string' && (WALL_VIEWS as readonly string[]).includes(v);
}

/** One item as written: a view name and its seconds (absent → the default). */
export interface RawItem {
	view: string;
	seconds?: string | number | null;
}

/** "overview:30, quarantine" → [{ view: 'overview', seconds: '30' }, { view: 'quarantine' }]; empty parts dropped. */
function splitPlaylist(text: string | null): RawItem[] {
	const items: RawItem[] = [];
	for (const part of (text ?? '').split(',')) {
		const [view = '', seconds, ...extra] = part.trim().split(':');
		if (!view.trim() && seconds === undefined) continue;
		// "overview:30:5" keeps its extra part so the strict reading can refuse it.
		items.push({ view: view.trim(), seconds: extra.length ? [seconds, ...extra].join(':') : seconds?.trim() });
	}
	return items;
}

/** The seconds as a number, or null when absent (→ default); NaN for anything that is not a number. */
function secondsOf(raw: RawItem): number | null {
	if (raw.seconds === undefined || raw.seconds === null || raw.seconds === '') return null;
	return typeof raw.seconds === 'number' ? raw.seconds : Number(raw.seconds);
}

/** Unknown views are skipped, times clamped to 5 s–1 h; nothing valid → every view, 30 s each. */
export function parsePlaylist(views: string | null, pin: string | null): PlaylistItem[] {
	if (isView(pin)) return pinned(pin);
	const items: PlaylistItem[] = [];
	for (const raw of splitPlaylist(views)) {
		if (!isView(raw.view)) continue;
		const n = secondsOf(raw);
		const seconds = n !== null && Number.isFinite(n) ? Math.min(MAX_SECONDS, Math.max(MIN_SECONDS, Math.round(n))) : DEFAULT_SECONDS;
		items.push({ view: raw.view, seconds });
	}
	return items.length ? items : defaultPlaylist();
}

/** Every view, 30 s each: what a wall shows when it is told nothing (or nothing valid). */
export function defaultPlaylist(): PlaylistItem[] {
	return WALL_VIEWS.map((view) => ({ view, seconds: DEFAULT_SECONDS }));
}

/** A pinned view stays: one item for the longest time (position math needs a finite length). */
export function pinned(view: WallView): PlaylistItem[] {
	return [{ view, seconds: MAX_SECONDS }];
}

type PlaylistProblem =
	/** Not one of WALL_VIEWS. */
	| 'unknown_view'
	/** Not a whole number of seconds between MIN_SECONDS and MAX_SECONDS. */
	| 'seconds_out_of_range';

export interface PlaylistItemProblem {
	/** 0-based position of the item as written. */
	index: number;
	view: string;
	seconds: string | number | null;
	problem: PlaylistProblem;
}

export type StrictPlaylist =
	{ ok: true; items: PlaylistItem[] } | { ok: false; refusal: 'items'; problems: PlaylistItemProblem[] } | { ok: false; refusal: 'empty' | 'too_many' };

/**
 * A saved layout's playlist, strictly: every item must be a known view with whole seconds in
 * 5 s–1 h (absent seconds → 30 s); nothing is skipped or clamped. Takes the URL's text form or
 * items ({ view, seconds }) — both go through the same item rule.
 */
export function readPlaylistStrict(input: string | readonly RawItem[]): StrictPlaylist {
	const raws = typeof input === 'string' ? splitPlaylist(input) : input;
	if (raws.length === 0) return { ok: false, refusal: 'empty' };
	if (raws.length > MAX_ITEMS) return { ok: false, refusal: 'too_many' };
	const items: PlaylistItem[] = [];
	const problems: PlaylistItemProblem[] = [];
	raws.forEach((raw, index) => {
		const seconds = raw.seconds ?? null;
		if (!isView(raw.view)) return void problems.push({ index, view: raw.view, seconds, problem: 'unknown_view' });
		const n = secondsOf(raw);
		if (n === null) return void items.push({ view: raw.view, seconds: DEFAULT_SECONDS });
		if (!Number.isInteger(n) || n < MIN_SECONDS || n > MAX_SECONDS) {
			return void problems.push({ index, view: raw.view, seconds, problem: 'seconds_out_of_range' });
		}
		items.push({ view: raw.view, seconds: n });
	});
	return problems.length ? { ok: false, refusal: 'items', problems } : { ok: true, items };
}

/** The URL's text form of a playlist ("overview:30,quarantine:20"): what the admin form shows back. */
export function formatPlaylist(items: readonly PlaylistItem[]): string {
	return items.map((i) => `${i.view}:${i.seconds}`).join(',');
}

/**
 * The item showing `elapsedMs` after the playlist started, and the ms left on it. Derived from
 * elapsed time (not a timer chain), so a wall that was frozen for a while lands on the right view.
 */
export function playlistPosition(items: readonly PlaylistItem[], elapsedMs: number): { index: number; remainingMs: number } {
	const total = items.reduce((s, i) => s + i.seconds * 1000, 0);
	if (total <= 0 || items.length === 0) return { index: 0, remainingMs: Infinity };
	// A clock read just before the playlist started gives a tiny negative: that is the start, not the end.
	let t = Math.max(0, elapsedMs) % total;
	for (let i = 0; i < items.length; i++) {
		const d = items[i]!.seconds * 1000;
		if (t < d) return { index: i, remainingMs: d - t };
		t -= d;
	}
	return { index: 0, remainingMs: items[0]!.seconds * 1000 };
}
