/**
 * Every role × every door × own ward / other ward, over HTTP (API, form actions, pages),
 * socket.io and Yjs, on the real server. The expected answers are written out here, not derived
 * from the authorization module, so a wrong cell in either fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { readBoard } from '../../src/lib/domain/board.ts';
import { addColumn } from '../../src/lib/contracts/board-edits.ts';
import type { ResumeReply } from '../../src/lib/contracts/live.ts';
import { KIOSK_COOKIE } from '../../src/lib/server/services/auth.ts';
import { DATABASE_KINDS, reportBody } from '../fixtures/db.ts';
import { kioskToken, signedInUser, SYSTEM, testServer, writerToken, type TestServerHandle } from '../fixtures/server.ts';

const OWN = 'kim-ma';
const OTHER = 'ngoc-ha';

type Who =
	'anonymous' | 'admin' | 'district_commander' | 'ward_commander' | 'ward_staff' | 'viewer' | 'kiosk' | 'api_read_own' | 'api_write_own' | 'api_write_all';
const WHO: Who[] = [
	'anonymous',
	'admin',
	'district_commander',
	'ward_commander',
	'ward_staff',
	'viewer',
	'kiosk',
	'api_read_own',
	'api_write_own',
	'api_write_all'
];

async function until(what: string, ok: () => boolean, ms = 5000): Promise<void> {
	const end = Date.now() + ms;
	while (!ok()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

describe.each(DATABASE_KINDS)('authorization on every door (%s)', (kind) => {
	let server: TestServerHandle;
	let url: string;
	const headers = {} as Record<Who, Record<string, string>>;

	beforeAll(async () => {
		server = await testServer(kind);
		url = (await server.start()).url;
		const s = server.current().core.services;
		headers.anonymous = {};
		for (const role of ['admin', 'district_commander', 'viewer'] as const) headers[role] = { cookie: (await signedInUser(s, role)).cookie };
		for (const role of ['ward_commander', 'ward_staff'] as const) headers[role] = { cookie: (await signedInUser(s, role, OWN)).cookie };
		headers.kiosk = { cookie: `${KIOSK_COOKIE}=${(await kioskToken(s)).token}` };
		headers.api_read_own = { authorization: `Bearer ${await writerToken(s, [OWN], 'read')}` };
		headers.api_write_own = { authorization: `Bearer ${await writerToken(s, [OWN], 'write')}` };
		headers.api_write_all = { authorization: `Bearer ${await writerToken(s, null, 'write')}` };
		// One report per ward so reads have something to return.
		await s.cases.report(SYSTEM, OWN, reportBody(), 'api');
		await s.cases.report(SYSTEM, OTHER, reportBody(), 'api');
	});
	afterAll(async () => {
		await server?.dispose();
	});

	const postReport = (who: Who, ward: string) =>
		fetch(`${url}/api/wards/${ward}/case-reports`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers[who] },
			body: JSON.stringify(reportBody())
		}).then((r) => r.status);
	const postForm = (who: Who, ward: string) =>
		fetch(`${url}/ward/${ward}`, {
			method: 'POST',
			redirect: 'manual',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url, 'x-sveltekit-action': 'true', accept: 'application/json', ...headers[who] },
			body: new URLSearchParams(Object.entries(reportBody()).map(([k, v]) => [k, String(v)]))
		}).then(async (r) => {
			// Form actions answer 200 with {type}; the guard answers before them with a status.
			if (r.status !== 200) return r.status;
			const body = (await r.json()) as { type: string; status?: number };
			return body.type === 'success' ? 201 : (body.status ?? 500);
		});
	const get = (who: Who, path: string) => fetch(`${url}${path}`, { redirect: 'manual', headers: headers[who] }).then((r) => r.status);

	// Columns: API write own, API write other, form own, form other, API read own, API read other,
	// /api/wards, /wall page, /audit page, /admin/users page.
	const expected: Record<Who, number[]> = {
		anonymous: [401, 401, 303, 303, 401, 401, 401, 303, 303, 303],
		admin: [201, 201, 201, 201, 200, 200, 200, 200, 200, 200],
		district_commander: [201, 201, 201, 201, 200, 200, 200, 200, 200, 403],
		ward_commander: [201, 403, 201, 403, 200, 403, 200, 303, 403, 403],
		ward_staff: [201, 403, 201, 403, 200, 403, 200, 303, 403, 403],
		viewer: [403, 403, 403, 403, 200, 200, 200, 200, 403, 403],
		kiosk: [403, 403, 403, 403, 200, 200, 200, 200, 403, 403],
		api_read_own: [403, 403, 403, 403, 200, 403, 200, 403, 403, 403],
		api_write_own: [201, 403, 201, 403, 200, 403, 200, 403, 403, 403],
		api_write_all: [201, 201, 201, 201, 200, 200, 200, 200, 403, 403]
	};

	for (const who of WHO) {
		it(`HTTP: ${who}`, async () => {
			const got = [
				await postReport(who, OWN),
				await postReport(who, OTHER),
				await postForm(who, OWN),
				await postForm(who, OTHER),
				await get(who, `/api/wards/${OWN}/case-reports`),
				await get(who, `/api/wards/${OTHER}/case-reports`),
				await get(who, '/api/wards'),
				await get(who, '/wall'),
				await get(who, '/audit'),
				await get(who, '/admin/users')
			];
			expect(got).toEqual(expected[who]);
		});
	}

	// Social welfare (issue 14 §2): POST own ward, POST other ward, GET /api/welfare, and how many wards it holds.
	const welfareExpected: Record<Who, [number, number, number, number]> = {
		anonymous: [401, 401, 401, 0],
		admin: [201, 201, 200, 14],
		district_commander: [201, 201, 200, 14],
		ward_commander: [201, 403, 200, 1],
		ward_staff: [201, 403, 200, 1],
		viewer: [403, 403, 200, 14],
		kiosk: [403, 403, 200, 14],
		// A token scoped to a list of wards has no one reader scope (domain/access readScope), as for /api/progress.
		api_read_own: [403, 403, 403, 0],
		api_write_own: [201, 403, 403, 0],
		api_write_all: [201, 201, 200, 14]
	};
	it('welfare reports: every role on its own ward and another, and the wards GET /api/welfare holds', async () => {
		const postWelfare = (who: Who, ward: string) =>
			fetch(`${url}/api/wards/${ward}/welfare-reports`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers[who] },
				body: JSON.stringify({ householdsSupported: 1 })
			}).then((r) => r.status);
		for (const who of WHO) {
			const read = await fetch(`${url}/api/welfare`, { headers: headers[who] });
			const wards = read.status === 200 ? ((await read.json()) as { wards: unknown[] }).wards.length : 0;
			expect([who, await postWelfare(who, OWN), await postWelfare(who, OTHER), read.status, wards]).toEqual([who, ...welfareExpected[who]]);
		}
	});

	it('GET /api/wards lists only the wards the caller may read', async () => {
		const codes = async (who: Who) =>
			((await (await fetch(`${url}/api/wards`, { headers: headers[who] })).json()) as Array<{ code: string }>).map((w) => w.code);
		expect(await codes('ward_commander')).toEqual([OWN]);
		expect(await codes('api_read_own')).toEqual([OWN]);
		expect((await codes('viewer')).length).toBe(14);
	});

	it('a ward user opening the wall is sent to their own ward page', async () => {
		const r = await fetch(`${url}/wall`, { redirect: 'manual', headers: headers.ward_commander });
		expect(r.headers.get('location')).toBe(`/ward/${OWN}`);
	});

	// socket.io: who may connect, and which wards their snapshot and events hold.
	const socketExpect: Record<Who, 'district' | 'own' | 'refused'> = {
		anonymous: 'refused',
		admin: 'district',
		district_commander: 'district',
		ward_commander: 'own',
		ward_staff: 'own',
		viewer: 'district',
		kiosk: 'district',
		api_read_own: 'refused',
		api_write_own: 'refused',
		api_write_all: 'district'
	};
	for (const who of WHO) {
		it(`socket.io: ${who} → ${socketExpect[who]}`, async () => {
			const bearer = headers[who].authorization?.replace('Bearer ', '');
			const sock: Socket = io(url, {
				transports: ['websocket'],
				forceNew: true,
				reconnection: false,
				extraHeaders: headers[who].cookie ? { cookie: headers[who].cookie } : {},
				auth: bearer ? { token: bearer } : {}
			});
			try {
				const outcome = await new Promise<'connected' | 'refused'>((resolve) => {
					sock.once('connect', () => resolve('connected'));
					sock.once('connect_error', () => resolve('refused'));
				});
				if (socketExpect[who] === 'refused') {
					expect(outcome).toBe('refused');
					return;
				}
				expect(outcome).toBe('connected');
				const reply = (await sock.timeout(5000).emitWithAck('live:resume', { since: null })) as ResumeReply;
				if (reply.mode !== 'snapshot') throw new Error('expected a snapshot');
				const wards = reply.snapshot.wards.map((w) => w.code);
				if (socketExpect[who] === 'own') expect(wards).toEqual([OWN]);
				else expect(wards).toHaveLength(14);

				const events: string[] = [];
				sock.on('live:event', (e: { wardCode: string }) => events.push(e.wardCode));
				const s = server.current().core.services;
				await s.cases.report(SYSTEM, OTHER, reportBody(), 'api');
				await s.cases.report(SYSTEM, OWN, reportBody(), 'api');
				await until('the own-ward event', () => events.includes(OWN));
				await new Promise((r) => setTimeout(r, 100));
				expect(events).toEqual(socketExpect[who] === 'own' ? [OWN] : [OTHER, OWN]);
			} finally {
				sock.close();
			}
		});
	}

	// Yjs: [board of own ward, board of other ward, district board]; w = write, r = read-only, - = refused.
	const yjsExpect: Record<Who, [string, string, string]> = {
		anonymous: ['-', '-', '-'],
		admin: ['w', 'w', 'w'],
		district_commander: ['w', 'w', 'w'],
		ward_commander: ['w', '-', '-'],
		ward_staff: ['w', '-', '-'],
		viewer: ['r', 'r', 'r'],
		kiosk: ['r', 'r', 'r'],
		api_read_own: ['r', '-', '-'],
		api_write_own: ['w', '-', '-'],
		api_write_all: ['w', 'w', '-']
	};

	async function yjsAccess(who: Who, doc: string): Promise<string> {
		const collab = server.current().realtime.collab;
		// The server's copy holds a marker so a reader can prove it synced.
		const serverDoc = await collab.loadDoc(doc);
		serverDoc.getMap('meta').set('marker', 'máy chủ');
		const h = headers[who];
		const bearer = h.authorization?.replace('Bearer ', '');
		const WithCreds = class extends WebSocket {
			constructor(u: string, protocols?: string | string[]) {
				super(u, protocols, { headers: h.cookie ? { cookie: h.cookie } : {} });
			}
		};
		const ydoc = new Y.Doc();
		const provider = new WebsocketProvider(url.replace('http', 'ws') + '/yjs', doc, ydoc, {
			WebSocketPolyfill: WithCreds as never,
			disableBc: true,
			params: bearer ? { token: bearer } : {}
		});
		try {
			const end = Date.now() + 2000;
			while (ydoc.getMap('meta').get('marker') !== 'máy chủ' && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
			if (ydoc.getMap('meta').get('marker') !== 'máy chủ') return '-';
			// A legitimate edit (a new column: no stamps, no ward) — meta is the server's, and the board
			// rules would refuse a write there from anyone (tests/security/board-rules.test.ts).
			const key = `edit-${who}-${Math.random().toString(36).slice(2, 10)}`;
			addColumn(ydoc, key);
			const hasIt = () => readBoard(serverDoc).columns.some((c) => c.title === key);
			const end2 = Date.now() + 700;
			while (!hasIt() && Date.now() < end2) await new Promise((r) => setTimeout(r, 20));
			return hasIt() ? 'w' : 'r';
		} finally {
			provider.destroy();
			ydoc.destroy();
		}
	}

	for (const who of WHO) {
		it(`Yjs: ${who}`, async () => {
			const got = [await yjsAccess(who, `board:ward:${OWN}`), await yjsAccess(who, `board:ward:${OTHER}`), await yjsAccess(who, 'board:district')];
			expect(got).toEqual(yjsExpect[who]);
		});
	}
});
