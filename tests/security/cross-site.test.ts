/**
 * Cross-site request forgery and cross-site WebSocket hijacking (issue 10.4), as an attacker
 * would: a page on ANOTHER PORT of the same host (same-site, so the browser sends the commander's
 * SameSite=Lax cookie) posts forms, fetches with credentials and opens both websockets; and plain
 * HTTP clients forge every verb. All refused, nothing stored, the commander still signed in.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from '@playwright/test';
import { count } from 'drizzle-orm';
import { io as ioClient } from 'socket.io-client';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boards, caseReports, sessions, wallLayouts, yjsSnapshots, yjsUpdates } from '../../src/lib/server/db/schema.ts';
import { CROSS_SITE_REFUSAL } from '../../src/lib/server/auth/cross-site.ts';
import { DATABASE_KINDS, reportBody } from '../fixtures/db.ts';
import { signedInUser, testServer, writerToken, type TestServerHandle } from '../fixtures/server.ts';
import { CHROMIUM_ARGS, requireChromium } from '../fixtures/chromium.ts';

/** What an accepted forgery would leave behind. */
async function footprint(server: TestServerHandle) {
	const db = server.current().core.database.db;
	const n = async (q: Promise<Array<{ n: number }>>) => Number((await q)[0]?.n ?? 0);
	return {
		caseReports: await n(db.select({ n: count() }).from(caseReports)),
		boards: await n(db.select({ n: count() }).from(boards)),
		yjsUpdates: await n(db.select({ n: count() }).from(yjsUpdates)),
		yjsSnapshots: await n(db.select({ n: count() }).from(yjsSnapshots)),
		wallLayouts: await n(db.select({ n: count() }).from(wallLayouts)),
		sessions: await n(db.select({ n: count() }).from(sessions))
	};
}

/** A y-websocket "sync update" message that adds a card to a board, as a hijacker would send it. */
function forgedCardMessage(): number[] {
	const doc = new Y.Doc();
	const card = new Y.Map<unknown>();
	doc.getMap('cards').set('forged', card);
	card.set('title', 'Thẻ giả mạo từ trang khác');
	card.set('column', 'todo');
	const enc = encoding.createEncoder();
	encoding.writeVarUint(enc, 0); // messageSync
	syncProtocol.writeUpdate(enc, Y.encodeStateAsUpdate(doc));
	return [...encoding.toUint8Array(enc)];
}

/** Opens a raw WebSocket and reports whether the handshake succeeded (101) or its HTTP status. */
function handshake(url: string, headers: Record<string, string>): Promise<number> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(url, { headers });
		ws.once('open', () => {
			ws.terminate();
			resolve(101);
		});
		ws.once('unexpected-response', (_req, res) => {
			resolve(res.statusCode ?? 0);
			ws.terminate();
		});
		ws.once('error', (err) => reject(err));
	});
}

describe.each(DATABASE_KINDS)('cross-site requests on %s', (kind) => {
	let server: TestServerHandle;
	/** Always 127.0.0.1 (never `localhost`): the browser's cookie is for the host it signed in on. */
	let app: string;
	let commander: { cookie: string; username: string; password: string };
	let token: string;

	beforeAll(async () => {
		server = await testServer(kind);
		const running = await server.start();
		app = `http://127.0.0.1:${running.port}`;
		commander = await signedInUser(running.core.services, 'district_commander');
		token = await writerToken(running.core.services);
	});
	afterAll(async () => {
		await server?.dispose();
	});

	const signedIn = async (cookie: string) => ((await (await fetch(`${app}/api/session`, { headers: { cookie } })).json()) as { kind?: string }).kind === 'user';

	describe('plain HTTP: forged Origin or Sec-Fetch-Site, every verb', () => {
		const FOREIGN = ['http://evil.example', 'http://127.0.0.1:1', 'null'];
		const WRITES: Array<{ method: string; path: string; json?: unknown; form?: Record<string, string> }> = [
			{ method: 'POST', path: '/api/wards/kim-ma/case-reports', json: reportBody() },
			{ method: 'POST', path: '/api/boards', json: { id: 'forged', title: 'Bảng giả mạo' } },
			{ method: 'PUT', path: '/api/wall-layouts/forged', json: { name: 'Giả mạo', views: [{ view: 'overview', seconds: 30 }] } },
			{ method: 'DELETE', path: '/api/wall-layouts/default' },
			{ method: 'PATCH', path: '/api/boards' },
			{ method: 'DELETE', path: '/api/session' },
			{ method: 'POST', path: '/logout' },
			{ method: 'POST', path: '/logout', form: {} },
			{ method: 'POST', path: '/boards?/create', form: { id: 'forged-form', title: 'Bảng giả mạo' } },
			// The run-time registry and the facility state machine (issue 11): a district commander's cookie would pass them.
			{ method: 'POST', path: '/api/quarantine', json: { code: 'forged-site', name: 'Giả mạo', wardCode: null, kind: 'x', capacity: 10 } },
			{ method: 'PATCH', path: '/api/district', json: { quarantineBedTarget: 1 } },
			{ method: 'POST', path: '/api/quarantine/cd-y-te-ha-noi/status', json: { status: 'treating_f0', decisionRef: 'QĐ giả' } },
			{
				method: 'POST',
				path: '/api/checkpoints',
				json: { code: 'forged-cp', name: 'Giả', wardCode: 'kim-ma', kind: 'community', leadUnit: 'x', required: {} }
			},
			// Blockades (issue 13 §1): a ward's commander cookie would open one.
			{
				method: 'POST',
				path: '/api/blockades',
				json: { wardCode: 'kim-ma', name: 'Phong tỏa giả', zone: 'red', startedAt: '2021-08-28T00:00:00.000Z', people: 1, households: 1 }
			},
			{ method: 'POST', path: '/registry?/addFacility', form: { code: 'forged-form-site', name: 'Giả mạo', wardCode: '', kind: 'x', capacity: '10' } },
			{ method: 'POST', path: '/login', form: { username: 'attacker', password: 'attacker-password' } }
		];
		const init = (w: (typeof WRITES)[number], headers: Record<string, string>): RequestInit => ({
			method: w.method,
			redirect: 'manual',
			headers: {
				cookie: commander.cookie,
				// A form post as a browser sends it (accept: text/html: a page, not SvelteKit's JSON).
				...(w.json ? { 'content-type': 'application/json' } : w.form ? { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' } : {}),
				...headers
			},
			body: w.json ? JSON.stringify(w.json) : w.form ? new URLSearchParams(w.form).toString() : undefined
		});

		it('refuses each write from a foreign Origin with 403 cross_site (JSON on /api, a page elsewhere); nothing changes', async () => {
			const before = await footprint(server);
			let tried = 0;
			for (const w of WRITES) {
				for (const origin of FOREIGN) {
					const res = await fetch(`${app}${w.path}`, init(w, { origin }));
					tried++;
					expect(res.status, `${w.method} ${w.path} from ${origin}`).toBe(403);
					if (w.path.startsWith('/api/')) {
						expect(await res.json()).toEqual(CROSS_SITE_REFUSAL);
					} else {
						expect(res.headers.get('content-type')).toContain('text/html');
						const page = await res.text();
						expect(page).toContain(CROSS_SITE_REFUSAL.message);
						expect(page).toContain('lang="vi"');
					}
					expect(res.headers.get('set-cookie'), 'a refusal never touches the cookie').toBeNull();
				}
			}
			expect(tried).toBe(WRITES.length * FOREIGN.length);
			expect(await footprint(server)).toEqual(before);
			expect(await signedIn(commander.cookie)).toBe(true);
		});

		it('without Origin, Sec-Fetch-Site cross-site or same-site (another port) is refused too', async () => {
			const before = await footprint(server);
			for (const w of WRITES) {
				for (const site of ['cross-site', 'same-site']) {
					const res = await fetch(`${app}${w.path}`, init(w, { 'sec-fetch-site': site }));
					expect(res.status, `${w.method} ${w.path} with Sec-Fetch-Site ${site}`).toBe(403);
				}
			}
			expect(await footprint(server)).toEqual(before);
			expect(await signedIn(commander.cookie)).toBe(true);
		});

		it('the same requests from our own origin work (and a client that sends neither header)', async () => {
			const own = await fetch(`${app}/api/wards/kim-ma/case-reports`, init(WRITES[0]!, { origin: app }));
			expect(own.status).toBe(201);
			const fetchSite = await fetch(`${app}/api/wards/kim-ma/case-reports`, init(WRITES[0]!, { 'sec-fetch-site': 'same-origin' }));
			expect(fetchSite.status).toBe(201);
			// Not a browser (curl, a script): no forgery is possible, the cookie is the credential.
			const script = await fetch(`${app}/api/wards/kim-ma/case-reports`, init(WRITES[0]!, {}));
			expect(script.status).toBe(201);
			const form = await fetch(`${app}/boards?/create`, init(WRITES[8]!, { origin: app }));
			expect(form.status).toBe(303);
			expect(form.headers.get('location')).toBe('/boards/forged-form');
		});

		it('a Bearer token works from any origin (other systems)', async () => {
			const res = await fetch(`${app}/api/wards/kim-ma/case-reports`, {
				method: 'POST',
				headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
				body: JSON.stringify(reportBody())
			});
			expect(res.status).toBe(201);
		});

		it('a GET changes nothing and is not refused', async () => {
			const res = await fetch(`${app}/api/session`, { headers: { cookie: commander.cookie, origin: 'http://evil.example' } });
			expect(res.status).toBe(200);
		});
	});

	describe('WebSocket handshakes (cross-site WebSocket hijacking)', () => {
		const YJS = () => `${app.replace('http', 'ws')}/yjs/board:district`;
		const SIO = () => `${app.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`;

		it('a cookie handshake from another origin is answered 403, on /yjs and /socket.io', async () => {
			const before = await footprint(server);
			for (const url of [YJS(), SIO()]) {
				for (const origin of ['http://127.0.0.1:1', 'http://evil.example', 'null']) {
					expect(await handshake(url, { cookie: commander.cookie, origin }), `${url} from ${origin}`).toBe(403);
				}
				expect(await handshake(url, { cookie: commander.cookie, 'sec-fetch-site': 'same-site' })).toBe(403);
			}
			// A `?token=` socket.io does not read must not wave the cookie through (the page would then
			// connect as the commander by sending a CONNECT packet without a token).
			expect(await handshake(`${SIO()}&token=bogus`, { cookie: commander.cookie, origin: 'http://evil.example' })).toBe(403);
			// On /yjs a token wins over the cookie, so a bogus one is refused by authorization: the
			// socket is closed before a single byte of the board is sent.
			const bogus = new WebSocket(`${YJS()}?token=bogus`, { headers: { cookie: commander.cookie, origin: 'http://evil.example' } });
			const received: unknown[] = [];
			bogus.on('message', (m) => received.push(m));
			const code = await new Promise<number>((resolve) => bogus.once('close', (c) => resolve(c)));
			expect(code).toBeGreaterThanOrEqual(4000);
			expect(received).toEqual([]);
			// socket.io's long-polling handshake too.
			const polling = await fetch(`${app}/socket.io/?EIO=4&transport=polling`, { headers: { cookie: commander.cookie, origin: 'http://evil.example' } });
			expect(polling.status).toBe(403);
			expect(await footprint(server)).toEqual(before);
		});

		it('from our own origin, and with ?token= from anywhere, the handshake succeeds', async () => {
			expect(await handshake(YJS(), { cookie: commander.cookie, origin: app })).toBe(101);
			expect(await handshake(SIO(), { cookie: commander.cookie, origin: app })).toBe(101);
			expect(await handshake(`${YJS()}?token=${token}`, { origin: 'http://evil.example' })).toBe(101);
			// A socket.io client of another system (token in the handshake's auth, no cookie).
			const socket = ioClient(app, { transports: ['websocket'], auth: { token }, extraHeaders: { origin: 'http://evil.example' } });
			try {
				await new Promise<void>((resolve, reject) => {
					socket.once('connect', resolve);
					socket.once('connect_error', reject);
				});
			} finally {
				socket.close();
			}
		});
	});

	describe('Chromium: an attacker page on another port of the same host', () => {
		let browser: Browser;
		let attacker: http.Server;
		let attackerUrl: string;

		beforeAll(async () => {
			// Fails (never skips) without a Chromium.
			browser = await chromium.launch({ executablePath: requireChromium(), args: CHROMIUM_ARGS, headless: true });
			const page = attackPage(app, forgedCardMessage());
			attacker = http.createServer((_req, res) => {
				res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
				res.end(page);
			});
			await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
			attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
		});
		afterAll(async () => {
			await browser?.close();
			await new Promise((resolve) => (attacker ? attacker.close(resolve) : resolve(undefined)));
		});

		it('posts, fetches and both websockets are refused; nothing is stored; the commander stays signed in', async () => {
			const context = await browser.newContext();
			try {
				const page = await context.newPage();
				await page.goto(`${app}/login`);
				await page.locator('input[name="username"]').fill(commander.username);
				await page.locator('input[name="password"]').fill(commander.password);
				await Promise.all([page.waitForURL(`${app}/`), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
				const cookie = (await context.cookies(app)).find((c) => c.name === 'cp_session');
				expect(cookie?.sameSite).toBe('Lax');
				const browserCookie = `cp_session=${cookie!.value}`;
				expect(await signedIn(browserCookie)).toBe(true);

				const before = await footprint(server);
				const evil = await context.newPage();
				/** What reached our server from the attacker's page, by method and path (Playwright sees opaque statuses). */
				const answers: Array<{ request: string; status: number }> = [];
				evil.on('response', (r) => {
					const u = new URL(r.url());
					if (u.origin === app && r.request().method() !== 'GET')
						answers.push({ request: `${r.request().method()} ${u.pathname}${u.search}`, status: r.status() });
				});
				await evil.goto(attackerUrl);
				const results = await evil.waitForFunction(() => (window as unknown as { __done?: Record<string, string> }).__done, null, { timeout: 30_000 });
				const outcome = (await results.jsonValue()) as Record<string, string>;

				// The browser did send them (same-site, another port): our server refused each one.
				expect(outcome['ws-yjs']).toMatch(/^closed/);
				expect(outcome['ws-socketio']).toMatch(/^closed/);
				expect(outcome['ws-yjs-sent']).toBe('no');
				expect(answers.map((a) => a.request).sort()).toEqual(
					['POST /api/boards', 'POST /api/wards/kim-ma/case-reports', 'POST /boards?/create', 'POST /logout', 'POST /logout'].sort()
				);
				for (const a of answers) expect(a.status, a.request).toBe(403);

				expect(await footprint(server)).toEqual(before);
				expect(await signedIn(browserCookie)).toBe(true);
				// And the commander's own tab still works.
				await page.goto(`${app}/boards`);
				expect(new URL(page.url()).pathname).toBe('/boards');
			} finally {
				await context.close();
			}
		});
	});
});

describe.each(DATABASE_KINDS)('cross-site behind a proxy (ALLOWED_ORIGINS, TRUST_PROXY) on %s', (kind) => {
	let server: TestServerHandle;
	let app: string;
	let cookie: string;
	beforeAll(async () => {
		server = await testServer(kind, { ALLOWED_ORIGINS: 'https://cp.example.vn, http://10.0.0.5:3000', TRUST_PROXY: 'true' });
		const running = await server.start();
		app = `http://127.0.0.1:${running.port}`;
		cookie = (await signedInUser(running.core.services, 'district_commander')).cookie;
	});
	afterAll(async () => {
		await server?.dispose();
	});
	const post = (headers: Record<string, string>) =>
		fetch(`${app}/api/wards/kim-ma/case-reports`, {
			method: 'POST',
			headers: { cookie, 'content-type': 'application/json', ...headers },
			body: JSON.stringify(reportBody())
		});

	it('accepts the configured origins, the scheme the proxy reports, and nothing else', async () => {
		expect((await post({ origin: 'https://cp.example.vn' })).status).toBe(201);
		expect((await post({ origin: 'http://10.0.0.5:3000' })).status).toBe(201);
		expect((await post({ origin: 'http://cp.example.vn' })).status).toBe(403);
		// The proxy terminated TLS: the browser's origin is https://<host>.
		expect((await post({ origin: app.replace('http:', 'https:'), 'x-forwarded-proto': 'https' })).status).toBe(201);
		expect((await post({ origin: app, 'x-forwarded-proto': 'https' })).status).toBe(403);
		const ws = app.replace('http', 'ws');
		expect(await handshake(`${ws}/yjs/board:district`, { cookie, origin: 'https://cp.example.vn' })).toBe(101);
		expect(await handshake(`${ws}/yjs/board:district`, { cookie, origin: app, 'x-forwarded-proto': 'https' })).toBe(403);
		expect(await handshake(`${ws}/socket.io/?EIO=4&transport=websocket`, { cookie, origin: 'https://cp.example.vn' })).toBe(101);
	});
});

/**
 * The attacker's page: a form post into a hidden frame (/logout, a board-creating form action),
 * credentialed no-cors fetches (a JSON body sent as text/plain, a body-less POST), and the two
 * websockets, one of which tries to write a card the moment it opens. Results land in __done.
 */
function attackPage(target: string, cardMessage: number[]): string {
	const script = `
const T = ${JSON.stringify(target)};
const results = {};
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
function form(action, fields) {
	return new Promise((resolve) => {
		const frame = document.createElement('iframe');
		frame.name = 'sink' + Math.random().toString(36).slice(2);
		frame.onload = () => resolve();
		document.body.appendChild(frame);
		const f = document.createElement('form');
		f.method = 'POST'; f.action = T + action; f.target = frame.name;
		for (const [k, v] of Object.entries(fields)) { const i = document.createElement('input'); i.name = k; i.value = v; f.appendChild(i); }
		document.body.appendChild(f);
		f.submit();
		setTimeout(resolve, 5000);
	});
}
async function post(name, path, body) {
	try { const r = await fetch(T + path, { method: 'POST', credentials: 'include', mode: 'no-cors', headers: body ? { 'content-type': 'text/plain' } : {}, body }); results[name] = r.type; }
	catch (e) { results[name] = 'error ' + e; }
}
function socket(name, url, message) {
	return new Promise((resolve) => {
		const ws = new WebSocket(url);
		ws.binaryType = 'arraybuffer';
		results[name + '-sent'] = 'no';
		ws.onopen = () => { results[name] = 'open'; if (message) { ws.send(new Uint8Array(message)); results[name + '-sent'] = 'yes'; } setTimeout(() => ws.close(), 1000); };
		ws.onclose = (e) => { results[name] = (results[name] === 'open' ? 'open-then-' : '') + 'closed ' + e.code; resolve(); };
	});
}
(async () => {
	await form('/logout', {});
	await form('/boards?/create', { id: 'forged-browser', title: 'Bảng giả mạo' });
	await post('case-report', '/api/wards/kim-ma/case-reports', ${JSON.stringify(JSON.stringify(reportBody()))});
	await post('board', '/api/boards', JSON.stringify({ id: 'forged-fetch', title: 'Giả mạo' }));
	await post('logout', '/logout', null);
	const ws = T.replace('http', 'ws');
	await socket('ws-yjs', ws + '/yjs/board:district', ${JSON.stringify(cardMessage)});
	await socket('ws-socketio', ws + '/socket.io/?EIO=4&transport=websocket', null);
	await wait(200);
	window.__done = results;
})();`;
	return `<!doctype html><html><head><meta charset="utf-8"><title>Trang của kẻ tấn công</title></head><body><h1>Khuyến mãi!</h1><script>${script}</script></body></html>`;
}
