import { describe, expect, it } from 'vitest';
import {
	isKeepableData,
	isKeepablePage,
	isLiveOnly,
	isOfflinePage,
	isUnreachable,
	markOfflineCopy,
	pageOfData,
	referencedAssets,
	registersWorker,
	strategyFor,
	survivesVersion,
	type ResponseFacts
} from '../../src/lib/domain/offline-cache.ts';

const ORIGIN = 'https://cp.example.vn';
const precached = new Set(['/_app/immutable/entry/start.Ab1.js', '/_app/immutable/assets/app.Cd2.css', '/favicon.svg']);
const req = (path: string, init: { method?: string; mode?: string; origin?: string } = {}) =>
	strategyFor({ method: init.method ?? 'GET', mode: init.mode ?? 'cors', url: new URL(path, init.origin ?? ORIGIN), origin: ORIGIN, precached });
const nav = (path: string) => req(path, { mode: 'navigate' });

describe('the pages that open offline', () => {
	it.each([
		'/ward/kim-ma',
		'/ward/kim-ma/',
		'/ward/kim-ma/quarantine',
		'/ward/kim-ma/stock',
		'/ward/kim-ma/checkpoints',
		'/ward/kim-ma/welfare',
		'/quarantine',
		'/stock',
		'/boards',
		'/boards/district',
		'/boards/ward:kim-ma',
		'/boards/ward%3Akim-ma',
		'/boards/kiem-tra-thang-9'
	])('%s', (path) => {
		expect(isOfflinePage(path)).toBe(true);
		expect(nav(path)).toBe('page');
		expect(registersWorker(path)).toBe(true);
	});

	it.each([
		'/',
		'/ward',
		'/ward/kim-ma/reports',
		'/ward/kim-ma/stock/extra',
		'/ward/Kim-Ma',
		'/ward/ward:kim-ma',
		'/ward/%E0%A4%A',
		'/quarantine/quan-ngua',
		'/boards/district/extra',
		'/account/password',
		'/wall-layouts'
	])('not %s', (path) => {
		expect(isOfflinePage(path)).toBe(false);
		expect(nav(path)).toBe('bypass');
	});
});

describe('live only: never cached, never served from a cache', () => {
	it.each([
		'/api/wards/kim-ma/case-reports',
		'/api/health',
		'/api',
		'/socket.io/?EIO=4&transport=polling',
		'/yjs/ward:kim-ma',
		'/login',
		'/login?next=%2Fward%2Fkim-ma',
		'/logout',
		'/admin',
		'/admin/users',
		'/audit',
		'/audit/export.csv',
		'/wall',
		'/wall?pin=overview',
		'/wall-layouts'
	])('%s', (path) => {
		expect(isLiveOnly(new URL(path, ORIGIN).pathname)).toBe(true);
		expect(nav(path)).toBe('bypass');
		expect(req(path)).toBe('bypass');
		expect(registersWorker(new URL(path, ORIGIN).pathname)).toBe(false);
	});

	it('the wall and its data are bypassed even as a navigation or a __data.json', () => {
		expect(nav('/wall')).toBe('bypass');
		expect(req('/wall/__data.json?x-sveltekit-invalidated=01')).toBe('bypass');
		expect(req('/api/ward/kim-ma/__data.json')).toBe('bypass');
	});

	it('an entry posted to the API, or any other non-GET, is never answered by the worker', () => {
		expect(req('/api/wards/kim-ma/case-reports', { method: 'POST' })).toBe('bypass');
		expect(req('/ward/kim-ma', { method: 'POST', mode: 'navigate' })).toBe('bypass'); // the no-JS form
		expect(req('/ward/kim-ma/quarantine?/move', { method: 'POST' })).toBe('bypass');
		expect(req('/ward/kim-ma', { method: 'HEAD', mode: 'navigate' })).toBe('bypass');
		expect(req('/api/checkpoints/x/check-ins', { method: 'PUT' })).toBe('bypass');
	});

	it('signing in or out clears the page copies (a shared tablet), and is not answered either', () => {
		expect(req('/logout', { method: 'POST', mode: 'navigate' })).toBe('clear-pages');
		expect(req('/login?next=%2F', { method: 'POST', mode: 'navigate' })).toBe('clear-pages');
		expect(req('/login', { method: 'POST' })).toBe('clear-pages'); // an enhanced form
		expect(req('/logout', { mode: 'navigate' })).toBe('bypass');
	});

	it('another origin is never touched', () => {
		expect(req('/ward/kim-ma', { mode: 'navigate', origin: 'https://elsewhere.example' })).toBe('bypass');
		expect(req('/_app/immutable/entry/start.Ab1.js', { origin: 'https://cdn.example' })).toBe('bypass');
	});
});

describe('build files and client-side navigation data', () => {
	it('this version’s build and static files come from the precache', () => {
		expect(req('/_app/immutable/entry/start.Ab1.js')).toBe('precached');
		expect(req('/favicon.svg')).toBe('precached');
		expect(req('/_app/immutable/entry/other.Zz9.js')).toBe('bypass'); // not this version's
		expect(req('/_app/version.json')).toBe('bypass');
	});

	it('__data.json of an offline page is network first with a copy; of other pages, not touched', () => {
		expect(pageOfData('/ward/kim-ma/__data.json')).toBe('/ward/kim-ma');
		expect(pageOfData('/__data.json')).toBe('/');
		expect(pageOfData('/ward/kim-ma')).toBeNull();
		expect(req('/ward/kim-ma/__data.json?x-sveltekit-invalidated=011')).toBe('data');
		expect(req('/ward/kim-ma/stock/__data.json?x-sveltekit-trailing-slash=1&x-sveltekit-invalidated=01')).toBe('data');
		expect(req('/boards/district/__data.json')).toBe('data');
		expect(req('/__data.json')).toBe('bypass');
		expect(req('/admin/users/__data.json')).toBe('bypass');
		expect(req('/audit/__data.json')).toBe('bypass');
		expect(req('/ward/kim-ma')).toBe('bypass'); // a fetch of the page, not a navigation
	});
});

describe('which answers are kept', () => {
	const ok: ResponseFacts = { status: 200, type: 'basic', redirected: false, contentType: 'text/html; charset=utf-8' };
	it('a page: only a 200 HTML answer of the page itself', () => {
		expect(isKeepablePage(ok)).toBe(true);
		expect(isKeepablePage({ ...ok, status: 403 })).toBe(false);
		expect(isKeepablePage({ ...ok, status: 500 })).toBe(false);
		expect(isKeepablePage({ ...ok, status: 0, type: 'opaqueredirect' })).toBe(false); // 303 → /login
		expect(isKeepablePage({ ...ok, redirected: true })).toBe(false); // followed to /login
		expect(isKeepablePage({ ...ok, contentType: 'application/json' })).toBe(false);
	});

	const json: ResponseFacts = { ...ok, contentType: 'application/json' };
	it('data: a 200 data answer, never a redirect to the sign-in page nor a failed load', () => {
		expect(isKeepableData(json, '{"type":"data","nodes":[{"type":"data","data":[{"a":1},2],"uses":{}},{"type":"skip"},null]}')).toBe(true);
		expect(isKeepableData(json, '{"type":"redirect","location":"/login?next=%2Fward%2Fkim-ma"}')).toBe(false);
		expect(isKeepableData(json, '{"type":"data","nodes":[{"type":"data","data":[]},{"type":"error","error":{"message":"x"},"status":403}]}')).toBe(false);
		expect(isKeepableData(json, '{"type":"error","error":{}}')).toBe(false);
		expect(isKeepableData(json, 'not json')).toBe(false);
		expect(isKeepableData({ ...json, status: 500 }, '{"type":"data","nodes":[]}')).toBe(false);
		expect(isKeepableData({ ...json, contentType: 'text/html' }, '{"type":"data","nodes":[]}')).toBe(false);
	});

	it('an unreachable server (proxy, restart) shows the copy; the server’s own answers are shown as they are', () => {
		expect([502, 503, 504].every(isUnreachable)).toBe(true);
		expect([200, 303, 403, 404, 500].some(isUnreachable)).toBe(false);
	});
});

describe('a new version', () => {
	const html = `<link href="/_app/immutable/assets/app.Cd2.css" rel="stylesheet"><link rel="modulepreload" href="/_app/immutable/entry/start.Ab1.js">
		<script>import("/_app/immutable/entry/start.Ab1.js")</script>`;
	it('finds the build files a page loads', () => {
		expect(referencedAssets(html).sort()).toEqual(['/_app/immutable/assets/app.Cd2.css', '/_app/immutable/entry/start.Ab1.js']);
	});
	it('keeps a page whose files are all in the new precache, drops one that needs old files', () => {
		expect(survivesVersion({ kind: 'page', version: 'old', html }, 'new', precached)).toBe(true);
		expect(survivesVersion({ kind: 'page', version: 'new', html: html.replace('start.Ab1', 'start.Old') }, 'new', precached)).toBe(false);
	});
	it('keeps data only from the same version', () => {
		expect(survivesVersion({ kind: 'data', version: 'new' }, 'new', precached)).toBe(true);
		expect(survivesVersion({ kind: 'data', version: 'old' }, 'new', precached)).toBe(false);
		expect(survivesVersion({ kind: 'data', version: null }, 'new', precached)).toBe(false);
	});
});

describe('marking a copy', () => {
	it('puts the time it was saved on <html>', () => {
		expect(markOfflineCopy('<!doctype html>\n<html lang="vi"><head>', '2026-03-05T07:30:00.000Z')).toBe(
			'<!doctype html>\n<html data-offline-copy="2026-03-05T07:30:00.000Z" lang="vi"><head>'
		);
	});
	it('never lets the value break out of the attribute', () => {
		expect(markOfflineCopy('<html>', '"><script>x</script>')).toBe('<html data-offline-copy="scriptxscript">');
	});
});
