/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The tablet's offline shell. A ward commander's tablet reloads or reopens a tab without a
 * connection: the tablet and board pages still open, from the last good copy, marked as such,
 * and the device's outbox (IndexedDB) and board (y-indexeddb) take over from there.
 *
 * - This version's build files and static files are precached; older versions' caches go at activate.
 * - Navigations to the tablet and board pages, and their `__data.json`: network first, the last
 *   good copy after NETWORK_TIMEOUT_MS or a network error (the late answer still refreshes the copy).
 * - Everything else is not answered by the worker at all (the rules: lib/domain/offline-cache.ts):
 *   /api (the outbox must see real errors; an entry, POST or PATCH, is never replayed), socket.io, /yjs, sign-in and
 *   -out, admin, audit, the wall (live only), any non-GET request.
 *
 * Registered by the tablet pages themselves (lib/state/offline-copy.svelte.ts), not by SvelteKit:
 * kit.serviceWorker.register is false because SvelteKit's registration snippet is inline in the
 * same script that starts the app and uses optional chaining, which the wall TVs' Chromium 79
 * cannot parse. A browser that registered it elsewhere still has /wall bypassed here.
 */
import { build, files, version } from '$service-worker';
import {
	assetCacheName,
	isKeepableData,
	isKeepablePage,
	isOwnCache,
	isUnreachable,
	markOfflineCopy,
	NETWORK_TIMEOUT_MS,
	OFFLINE_COPY_HEADER,
	PAGE_CACHE,
	pageOfData,
	SAVED_AT_HEADER,
	strategyFor,
	survivesVersion,
	VERSION_HEADER,
	type OfflineCopyMessage,
	type ResponseFacts
} from '$lib/domain/offline-cache';

const sw = self as unknown as ServiceWorkerGlobalScope;
const ASSETS = assetCacheName(version);
const PRECACHED = [...build, ...files];
const precached = new Set(PRECACHED);

sw.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const cache = await caches.open(ASSETS);
			await cache.addAll(PRECACHED);
			// A new version takes over at once: an old page's chunks are gone from the server anyway.
			await sw.skipWaiting();
		})()
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const name of await caches.keys()) {
				if (isOwnCache(name) && name !== ASSETS && name !== PAGE_CACHE) await caches.delete(name);
			}
			await pruneCopies();
			// The page that registered the worker was loaded before it existed: keep a copy of it now,
			// so that a tablet visited once online opens offline — before claiming, so that a page
			// that sees itself controlled also has its copy.
			await keepOpenPages();
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	const strategy = strategyFor({ method: request.method, mode: request.mode, url: new URL(request.url), origin: sw.location.origin, precached });
	switch (strategy) {
		case 'bypass':
			return; // not answered here: the browser's own request
		case 'clear-pages':
			event.waitUntil(caches.delete(PAGE_CACHE));
			return;
		case 'precached':
			event.respondWith(fromPrecache(request));
			return;
		case 'page':
		case 'data':
			event.respondWith(networkFirst(event, strategy));
			return;
	}
});

async function fromPrecache(request: Request): Promise<Response> {
	const hit = await (await caches.open(ASSETS)).match(request);
	return hit ?? fetch(request);
}

const facts = (r: Response): ResponseFacts => ({ status: r.status, type: r.type, redirected: r.redirected, contentType: r.headers.get('content-type') });

/** Copies a good answer into the page cache with the time it was saved; anything else is left out. */
async function keep(key: string, response: Response, kind: 'page' | 'data'): Promise<void> {
	const f = facts(response);
	if (kind === 'page' ? !isKeepablePage(f) : f.status !== 200) return;
	const body = await response.text();
	if (kind === 'data' && !isKeepableData(f, body.split('\n', 1)[0] ?? '')) return;
	const headers = new Headers(response.headers);
	// The body is stored decoded, whole: these no longer describe it.
	headers.delete('content-length');
	headers.delete('content-encoding');
	headers.set(SAVED_AT_HEADER, new Date().toISOString());
	headers.set(VERSION_HEADER, version);
	await (await caches.open(PAGE_CACHE)).put(key, new Response(body, { status: 200, statusText: response.statusText, headers }));
}

const keyOf = (url: string): string => url.split('#')[0]!;

async function networkFirst(event: FetchEvent, kind: 'page' | 'data'): Promise<Response> {
	const request = event.request;
	const key = keyOf(request.url);
	const network = fetch(request).then((response) => {
		event.waitUntil(keep(key, response.clone(), kind).catch(() => undefined));
		return response;
	});
	// Even after the timeout the answer still refreshes the copy.
	event.waitUntil(
		network.then(
			() => undefined,
			() => undefined
		)
	);

	const noCopy = () => (kind === 'page' ? noCopyPage() : Response.error());
	/** The network's answer, null after the timeout, undefined when no network at all. */
	let first: Response | null | undefined;
	try {
		first = await Promise.race([network, delay(NETWORK_TIMEOUT_MS).then(() => null)]);
		if (first && !isUnreachable(first.status)) {
			if (kind === 'data') void tell(event.clientId, request.url, null);
			return first;
		}
	} catch {
		/* no network: the cached copy below */
	}

	const cached = await (await caches.open(PAGE_CACHE)).match(key, { ignoreVary: true });
	if (cached) return offlineCopy(event, cached, kind);
	if (first) return first; // the server's own 502/503/504: no copy to show instead
	if (first === null) return network.catch(noCopy); // slow, and no copy: keep waiting
	return noCopy();
}

/** The cached copy, marked: a header, and for a page an attribute the page reads to say so. */
async function offlineCopy(event: FetchEvent, cached: Response, kind: 'page' | 'data'): Promise<Response> {
	const savedAt = cached.headers.get(SAVED_AT_HEADER) ?? '';
	const headers = new Headers(cached.headers);
	headers.set(OFFLINE_COPY_HEADER, savedAt);
	if (kind === 'data') {
		void tell(event.clientId, event.request.url, savedAt);
		return new Response(cached.body, { status: 200, headers });
	}
	return new Response(markOfflineCopy(await cached.text(), savedAt), { status: 200, headers });
}

/** Tells the page whether the data it is about to show is current or a copy (and from when). */
async function tell(clientId: string, url: string, savedAt: string | null): Promise<void> {
	if (!clientId) return;
	const client = await sw.clients.get(clientId);
	const path = pageOfData(new URL(url).pathname);
	if (!client || path === null) return;
	const message: OfflineCopyMessage = { type: 'cp:page', path, savedAt };
	client.postMessage(message);
}

/** A tablet page never visited online on this device: say so plainly, instead of the browser's error. */
function noCopyPage(): Response {
	const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Mất kết nối</title></head>
<body style="font-family: system-ui, sans-serif; background: #10141a; color: #e8edf3; padding: 2rem; font-size: 1.2rem; line-height: 1.5">
<h1 style="font-size: 1.6rem">Mất kết nối mạng</h1>
<p>Trang này chưa được mở trên máy này khi có mạng, nên chưa có bản lưu để xem ngoại tuyến.</p>
<p>Các số liệu đã nhập vẫn được giữ trên máy và sẽ tự gửi khi có mạng lại.</p>
<p lang="en" style="color: #9aa7b4">No connection, and no saved copy of this page on this device yet. Entries already made stay on the device and are sent when the connection returns.</p>
<p><a href="" style="color: #7cc4ff">Thử lại / Retry</a></p>
</body></html>`;
	return new Response(html, {
		status: 503,
		headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', [OFFLINE_COPY_HEADER]: 'none' }
	});
}

/** After a new version: drop the copies that no longer work with its build (see survivesVersion). */
async function pruneCopies(): Promise<void> {
	const cache = await caches.open(PAGE_CACHE);
	for (const request of await cache.keys()) {
		const response = await cache.match(request);
		if (!response) continue;
		const kind = pageOfData(new URL(request.url).pathname) === null ? 'page' : 'data';
		const entry = { kind, version: response.headers.get(VERSION_HEADER), html: kind === 'page' ? await response.text() : undefined } as const;
		if (!survivesVersion(entry, version, precached)) await cache.delete(request);
	}
}

/** Keeps a copy of every open tablet page the worker did not see load (it did not exist yet). */
async function keepOpenPages(): Promise<void> {
	const windows = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
	await Promise.all(
		windows.map(async (client) => {
			const url = new URL(client.url);
			if (strategyFor({ method: 'GET', mode: 'navigate', url, origin: sw.location.origin, precached }) !== 'page') return;
			try {
				const response = await fetch(url.href, { credentials: 'same-origin', signal: timeoutSignal(NETWORK_TIMEOUT_MS * 2) });
				await keep(keyOf(url.href), response, 'page');
			} catch {
				/* offline or slow: the next visit keeps it */
			}
		})
	);
}

function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function timeoutSignal(ms: number): AbortSignal {
	const controller = new AbortController();
	setTimeout(() => controller.abort(), ms);
	return controller.signal;
}
