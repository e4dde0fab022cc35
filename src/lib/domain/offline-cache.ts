/**
 * What the service worker (src/service-worker.ts) does with each request, and which answers it may
 * keep. Pure: the worker owns the Cache API and the network; the rules live here, unit-tested.
 *
 * The tablet and board pages open offline once visited online (network first, the last good copy
 * after a short timeout); everything live stays live. The outbox must see real network errors to
 * retry, so /api is never answered by the worker; a wall must never show a cached page as current,
 * so /wall is never touched; non-GET requests are never answered (never replayed) by the worker.
 */

/** How long a navigation waits for the network before the cached copy is shown (weak mobile data). */
export const NETWORK_TIMEOUT_MS = 4000;

/** Response headers the worker adds to what it keeps and to what it serves from the cache. */
export const SAVED_AT_HEADER = 'x-cp-saved-at';
export const VERSION_HEADER = 'x-cp-version';
export const OFFLINE_COPY_HEADER = 'x-cp-offline-copy';
/** The attribute on <html> of a page served from the cache: when that copy was saved (ISO 8601). */
export const OFFLINE_COPY_ATTRIBUTE = 'data-offline-copy';

/** Cache names: the build of one version, and the copies of pages (kept across versions, pruned). */
export const assetCacheName = (version: string): string => `cp-assets-${version}`;
export const PAGE_CACHE = 'cp-pages';
export const isOwnCache = (name: string): boolean => name.startsWith('cp-');

/** A message from the worker to a page: the data of `path` came from the cache (savedAt) or the network (null). */
export interface OfflineCopyMessage {
	type: 'cp:page';
	path: string;
	savedAt: string | null;
}

export type Strategy =
	/** Not answered by the worker: the browser's own network request, errors and all. */
	| 'bypass'
	/** A build asset or static file of this version: from the precache. */
	| 'precached'
	/** A navigation to a tablet or board page: network first, then the last good copy. */
	| 'page'
	/** The `__data.json` of such a page (client-side navigation): likewise. */
	| 'data'
	/** Signing in or out: the page copies are removed (a shared tablet), the request goes on untouched. */
	| 'clear-pages';

export interface RequestFacts {
	method: string;
	/** Request.mode: 'navigate' for a document load. */
	mode: string;
	url: URL;
	/** The worker's own origin. */
	origin: string;
	/** Paths of this version's build and static files. */
	precached: ReadonlySet<string>;
}

const DATA_SUFFIX = '/__data.json';
/** A path segment as ward codes and board ids are written (`kim-ma`, `ward:kim-ma`, `kiem-tra-9`). */
const SEGMENT = /^[a-z0-9][a-z0-9:-]{0,59}$/;
const WARD_PAGES = new Set(['quarantine', 'stock', 'checkpoints', 'duty', 'welfare', 'blockades']);

/**
 * Paths that are live only: never cached, never served from a cache. Checked before anything else,
 * so a later rule cannot let one of them through by accident.
 */
export function isLiveOnly(pathname: string): boolean {
	return (
		pathname.startsWith('/api/') ||
		pathname === '/api' ||
		pathname.startsWith('/socket.io') ||
		pathname.startsWith('/yjs') ||
		pathname === '/login' ||
		pathname.startsWith('/login/') ||
		pathname === '/logout' ||
		pathname.startsWith('/logout/') ||
		pathname === '/admin' ||
		pathname.startsWith('/admin/') ||
		pathname.startsWith('/audit') ||
		pathname.startsWith('/wall')
	);
}

function segments(pathname: string): string[] | null {
	const parts = pathname.replace(/\/$/, '').split('/').slice(1);
	try {
		return parts.map((p) => decodeURIComponent(p));
	} catch {
		return null; // malformed escapes: not one of our pages
	}
}

/**
 * The pages that open offline: `/ward/<code>`, `/ward/<code>/quarantine|stock|checkpoints|duty|welfare|blockades`,
 * `/quarantine`, `/stock`, `/boards`, `/boards/<id>` (a trailing slash allowed).
 */
export function isOfflinePage(pathname: string): boolean {
	if (isLiveOnly(pathname)) return false;
	const s = segments(pathname);
	if (!s || s.some((p) => p === '')) return false;
	const [first, second, third, ...rest] = s;
	if (rest.length > 0) return false;
	if (first === 'ward') {
		if (second === undefined || !SEGMENT.test(second) || second.includes(':')) return false;
		return third === undefined || WARD_PAGES.has(third);
	}
	if (third !== undefined) return false;
	if (first === 'quarantine' || first === 'stock') return second === undefined;
	if (first === 'boards') return second === undefined || SEGMENT.test(second);
	return false;
}

/** The page a `__data.json` request loads data for (`/ward/kim-ma/__data.json` → `/ward/kim-ma`), or null. */
export function pageOfData(pathname: string): string | null {
	if (!pathname.endsWith(DATA_SUFFIX)) return null;
	return pathname.slice(0, -DATA_SUFFIX.length) || '/';
}

/** Which strategy the worker applies to a request. */
export function strategyFor(r: RequestFacts): Strategy {
	if (r.url.origin !== r.origin) return 'bypass';
	const path = r.url.pathname;
	if (r.method !== 'GET') {
		// A form post or the enhanced fetch of one: the worker never answers it, but the previous
		// person's page copies must not outlive their session on a shared tablet.
		if (r.method === 'POST' && (path === '/logout' || path === '/login')) return 'clear-pages';
		return 'bypass';
	}
	if (isLiveOnly(path)) return 'bypass';
	if (r.precached.has(path)) return 'precached';
	if (r.mode === 'navigate') return isOfflinePage(path) ? 'page' : 'bypass';
	const page = pageOfData(path);
	if (page !== null && isOfflinePage(page)) return 'data';
	return 'bypass';
}

/**
 * A status that means the server was not reached (a proxy or a restarting server answered): a page
 * with a cached copy shows that copy instead. Any other answer — 403, 404, 500, a redirect to the
 * sign-in page — is the server's word and is shown as it is.
 */
export function isUnreachable(status: number): boolean {
	return status === 502 || status === 503 || status === 504;
}

export interface ResponseFacts {
	status: number;
	/** Response.type: 'basic' for a same-origin answer; 'opaqueredirect' for a navigation's redirect. */
	type: string;
	/** True when fetch followed a redirect (e.g. to /login): the body is not the page asked for. */
	redirected: boolean;
	contentType: string | null;
}

/** A page answer worth keeping: a 200 HTML document of the page itself, not of a redirect. */
export function isKeepablePage(r: ResponseFacts): boolean {
	return r.status === 200 && r.type === 'basic' && !r.redirected && (r.contentType ?? '').startsWith('text/html');
}

/**
 * A `__data.json` answer worth keeping. SvelteKit answers a signed-out user's data request with
 * 200 `{"type":"redirect","location":"/login?…"}` and a failed load with an error node: neither may
 * overwrite the last good copy. `firstLine` is the body's first line (later lines stream promises).
 */
export function isKeepableData(r: ResponseFacts, firstLine: string): boolean {
	if (r.status !== 200 || r.type !== 'basic' || r.redirected) return false;
	if (!(r.contentType ?? '').includes('json')) return false;
	let root: unknown;
	try {
		root = JSON.parse(firstLine);
	} catch {
		return false;
	}
	if (!root || typeof root !== 'object') return false;
	const { type, nodes } = root as { type?: unknown; nodes?: unknown };
	if (type !== 'data' || !Array.isArray(nodes)) return false;
	return nodes.every((n) => n === null || (typeof n === 'object' && (n as { type?: unknown }).type !== 'error'));
}

/** The `/_app/immutable/…` files a page's HTML loads (scripts, styles, preloads). */
export function referencedAssets(html: string): string[] {
	const found = new Set<string>();
	for (const m of html.matchAll(/\/_app\/immutable\/[A-Za-z0-9._\-/]+/g)) found.add(m[0]);
	return [...found];
}

export interface KeptEntry {
	kind: 'page' | 'data';
	/** The worker version that saved it. */
	version: string | null;
	/** A page's HTML (for pages only). */
	html?: string;
}

/**
 * Whether a kept copy still works after a new version is activated. A page works while every
 * build file it loads is in the new precache (its copy may well come from the new build, saved
 * by the old worker); data is tied to the version that saved it.
 */
export function survivesVersion(entry: KeptEntry, version: string, precached: ReadonlySet<string>): boolean {
	if (entry.kind === 'data') return entry.version === version;
	return referencedAssets(entry.html ?? '').every((a) => precached.has(a));
}

/** Marks a cached page's HTML as an offline copy saved at `savedAt`, on its <html> element. */
export function markOfflineCopy(html: string, savedAt: string): string {
	const attr = `${OFFLINE_COPY_ATTRIBUTE}="${savedAt.replace(/[^0-9A-Za-z:.+-]/g, '')}"`;
	return /<html\b/i.test(html) ? html.replace(/<html\b/i, `<html ${attr}`) : html;
}

/** Whether a page should register the worker: only the pages that open offline (never a wall). */
export function registersWorker(pathname: string): boolean {
	return isOfflinePage(pathname);
}
