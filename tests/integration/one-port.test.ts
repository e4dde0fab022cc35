/**
 * One process, one port: SvelteKit, socket.io and the Yjs endpoint share the HTTP server, with
 * upgrades routed by path (a foreign upgrade must not kill the others).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { readBoard } from '../../src/lib/domain/board.ts';
import { addColumn } from '../../src/lib/contracts/board-edits.ts';
import { signedInUser, testServer, type TestServerHandle } from '../fixtures/server.ts';

async function until(what: string, ok: () => boolean, ms = 8000): Promise<void> {
	const end = Date.now() + ms;
	while (!ok()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

describe('one port for pages, socket.io and Yjs', () => {
	let server: TestServerHandle;
	let base: string;
	let cookie: string;
	beforeAll(async () => {
		server = await testServer('pglite');
		base = (await server.start()).url;
		cookie = (await signedInUser(server.current().core.services, 'district_commander')).cookie;
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('a Yjs provider and a socket.io client work side by side on the same port as the pages', async () => {
		const wsBase = base.replace('http', 'ws') + '/yjs';
		const d1 = new Y.Doc();
		const d2 = new Y.Doc();
		// Node's ws takes the session cookie as a header, as a browser sends it.
		const WithCookie = class extends WebSocket {
			constructor(url: string, protocols?: string | string[]) {
				super(url, protocols, { headers: { cookie } });
			}
		};
		const p1 = new WebsocketProvider(wsBase, 'board:district', d1, { WebSocketPolyfill: WithCookie as never, disableBc: true });
		const p2 = new WebsocketProvider(wsBase, 'board:district', d2, { WebSocketPolyfill: WithCookie as never, disableBc: true });
		const sio = io(base, { transports: ['websocket'], forceNew: true, extraHeaders: { cookie } });
		try {
			// A legitimate edit (a column: no author stamp to match; the board rules refuse anything else).
			addColumn(d1, 'Xét nghiệm toàn dân');
			await until('yjs sync through the real server', () => readBoard(d2).columns.some((c) => c.title === 'Xét nghiệm toàn dân'));
			await until('socket.io connect', () => sio.connected);
			const reply = await sio.timeout(5000).emitWithAck('live:resume', { since: null });
			expect(reply.mode).toBe('snapshot');
			expect((await fetch(`${base}/api/health`)).status).toBe(200);
			expect((await fetch(`${base}/api/wards`, { headers: { cookie } })).status).toBe(200);
			expect(server.current().realtime.collab.loadedDocs()).toContain('board:district');
		} finally {
			p1.destroy();
			p2.destroy();
			sio.close();
		}
	});

	it('an upgrade to an unknown path is closed, and does not disturb the others', async () => {
		const ws = new WebSocket(base.replace('http', 'ws') + '/not-a-socket');
		const outcome = await new Promise<string>((resolve) => {
			ws.on('open', () => resolve('open'));
			ws.on('error', () => resolve('error'));
			ws.on('unexpected-response', (_req, res) => resolve(`http ${res.statusCode}`));
		});
		expect(outcome).not.toBe('open');
		const sio = io(base, { transports: ['websocket'], forceNew: true, extraHeaders: { cookie } });
		await until('socket.io still connects', () => sio.connected);
		sio.close();
	});
});
