/**
 * The wall's playlist: which views rotate, and for how long each shows. Set from the URL
 * (`?views=overview:30,quarantine:20`, `?pin=quarantine`) so a TV's link is its configuration.
 */
export const WALL_VIEWS = ['overview', 'quarantine', 'stock', 'checkpoints', 'trends'] as const;
export type WallView = (typeof WALL_VIEWS)[number];

export interface PlaylistItem {
	view: WallView;
	seconds: number;
}

export const DEFAULT_SECONDS = 30;
const MIN_SECONDS = 5;
const MAX_SECONDS = 3600;

function isView(v: string): v is WallView {
	return (WALL_VIEWS as readonly string[]).includes(v);
}

/** Unknown views are skipped, times clamped to 5 s–1 h; nothing valid → every view, 30 s each. */
export function parsePlaylist(views: string | null, pin: string | null): PlaylistItem[] {
	if (pin && isView(pin)) return [{ view: pin, seconds: MAX_SECONDS }];
	const items: PlaylistItem[] = [];
	for (const part of (views ?? '').split(',')) {
		const [name, secs] = part.trim().split(':');
		if (!name || !isView(name)) continue;
		const n = Number(secs);
		const seconds = Number.isFinite(n) && secs ? Math.min(MAX_SECONDS, Math.max(MIN_SECONDS, Math.round(n))) : DEFAULT_SECONDS;
		items.push({ view: name, seconds });
	}
	return items.length ? items : WALL_VIEWS.map((view) => ({ view, seconds: DEFAULT_SECONDS }));
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
