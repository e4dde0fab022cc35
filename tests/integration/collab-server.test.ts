/**
 * Integration tests for the y-websocket endpoint, driven by the STOCK `y-websocket` client.
 *
 * `disableBc: true` on every provider is essential: otherwise two providers in this one process
 * sync through BroadcastChannel and the tests would pass even with a broken server.
 */
import { describe, it, expect, afterEach } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { createCollab } from '../../src/lib/server/collab/server.ts';
import type { Collab, CollabOptions, CollabPersistence } from '../../src/lib/server/collab/types.ts';

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

interface Harness {
	collab: Collab;
	/** e.g. ws://127.0.0.1:1234 */
	base: string;
	/** Every upgrade the HTTP server saw, with handleUpgrade's return value. */
	upgrades: { url: string; taken: boolean }[];
}

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
	// Reverse order: providers/sockets first, then collab, then the HTTP server.
	while (cleanups.length > 0) {
		const fn = cleanups.pop();
		try {
			await fn?.();
		} catch {
			// best effort
		}
	}
});

async function startServer(opts: CollabOptions = {}): Promise<Harness> {
	const collab = createCollab(opts);
	const server = http.createServer((_req, res) => {
		res.writeHead(404).end();
	});
	const upgrades: Harness['upgrades'] = [];
	server.on('upgrade', (req, socket, head) => {
		const taken = collab.handleUpgrade(req, socket, head);
		upgrades.push({ url: req.url ?? '', taken });
		if (!taken) socket.destroy();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	cleanups.push(
		() =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	);
	cleanups.push(() => collab.close());
	return { collab, base: `ws://127.0.0.1:${port}`, upgrades };
}

function connect(h: Harness, room: string, params: Record<string, string> = {}, doc: Y.Doc = new Y.Doc()): { doc: Y.Doc; provider: WebsocketProvider } {
	const provider = new WebsocketProvider(`${h.base}/yjs`, room, doc, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		params,
		maxBackoffTime: 200
	});
	cleanups.push(() => {
		provider.destroy();
		doc.destroy();
	});
	return { doc, provider };
}

/** Raw `ws` client; resolves on open. */
function rawSocket(url: string, options: ConstructorParameters<typeof WebSocket>[2] = {}): WebSocket {
	const ws = new WebSocket(url, options);
	ws.on('error', () => {}); // asserted through other events
	cleanups.push(() => ws.terminate());
	return ws;
}

function opened(ws: WebSocket): Promise<void> {
	return new Promise((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('error', reject);
		ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
	});
}

function closed(ws: WebSocket): Promise<number> {
	return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

/** Outcome of a handshake that is expected to fail. */
function handshakeOutcome(ws: WebSocket): Promise<{ status?: number; error?: string; opened?: true }> {
	return new Promise((resolve) => {
		ws.once('unexpected-response', (_req, res) => {
			resolve({ status: res.statusCode ?? 0 });
			res.resume();
		});
		ws.once('error', (err) => resolve({ error: err.message }));
		ws.once('open', () => resolve({ opened: true }));
	});
}

/**
 * Send an upgrade request with the path exactly as given (a WebSocket client would normalise
 * `..` segments away) and report the HTTP status the server answered with (101 = accepted).
 */
function rawUpgradeStatus(base: string, path: string): Promise<number | string> {
	const { hostname, port } = new URL(base.replace(/^ws/, 'http'));
	return new Promise((resolve) => {
		const req = http.request({
			host: hostname,
			port,
			path,
			headers: {
				Connection: 'Upgrade',
				Upgrade: 'websocket',
				'Sec-WebSocket-Version': '13',
				'Sec-WebSocket-Key': Buffer.from('0123456789abcdef').toString('base64')
			}
		});
		req.on('upgrade', (res, socket) => {
			socket.destroy();
			resolve(res.statusCode ?? 0);
		});
		req.on('response', (res) => {
			res.resume();
			resolve(res.statusCode ?? 0);
		});
		req.on('error', (err) => resolve(err.message));
		req.end();
	});
}

async function waitFor(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!cond()) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
		await sleep(10);
	}
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A y-websocket "sync update" frame carrying a Yjs update. */
function syncUpdateFrame(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0);
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}

function updateSetting(key: string, value: string): Uint8Array {
	const d = new Y.Doc();
	d.getMap('m').set(key, value);
	const update = Y.encodeStateAsUpdate(d);
	d.destroy();
	return update;
}

/** Fake persistence: keeps each doc as one Yjs update, records every call in order. */
function fakePersistence(isLoaded: (name: string) => boolean) {
	const store = new Map<string, Uint8Array>();
	const calls: { op: 'load' | 'flush'; name: string; loadedAtCall: boolean; content: unknown }[] = [];
	const persistence: CollabPersistence = {
		async load(name, doc) {
			calls.push({ op: 'load', name, loadedAtCall: isLoaded(name), content: doc.getMap('m').toJSON() });
			await sleep(20); // make the load genuinely async so message buffering is exercised
			const stored = store.get(name);
			if (stored) Y.applyUpdate(doc, stored);
		},
		async flush(name, doc) {
			calls.push({ op: 'flush', name, loadedAtCall: isLoaded(name), content: doc.getMap('m').toJSON() });
			await sleep(5);
			store.set(name, Y.encodeStateAsUpdate(doc));
		}
	};
	return { store, calls, persistence };
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('yjs collaboration endpoint', { timeout: 20_000 }, () => {
	it('syncs a Y.Map edit between two stock providers, both ways', async () => {
		const h = await startServer();
		const a = connect(h, 'room-sync');
		const b = connect(h, 'room-sync');
		await waitFor(() => a.provider.synced && b.provider.synced, 'both providers synced');

		a.doc.getMap('m').set('fromA', 1);
		await waitFor(() => b.doc.getMap('m').get('fromA') === 1, 'B sees A edit');

		b.doc.getMap('m').set('fromB', 2);
		await waitFor(() => a.doc.getMap('m').get('fromB') === 2, 'A sees B edit');

		expect(h.collab.getDoc('room-sync').getMap('m').toJSON()).toEqual({ fromA: 1, fromB: 2 });
		expect(h.collab.loadedDocs()).toEqual(['room-sync']);
	});

	it('a late joiner receives existing state', async () => {
		const h = await startServer();
		const a = connect(h, 'room-late');
		a.doc.getMap('m').set('k', 'v');
		await waitFor(() => h.collab.getDoc('room-late').getMap('m').get('k') === 'v', 'server has edit');
		a.provider.destroy();
		const b = connect(h, 'room-late');
		await waitFor(() => b.doc.getMap('m').get('k') === 'v', 'late joiner has state');
	});

	it('relays awareness and removes it promptly when a provider goes away', async () => {
		const h = await startServer();
		const a = connect(h, 'room-aw');
		const b = connect(h, 'room-aw');
		a.provider.awareness.setLocalStateField('user', { name: 'Alice' });
		// (A never-modified Awareness state has clock 0 and is ignored by every peer, by design.)
		b.provider.awareness.setLocalStateField('user', { name: 'Bob' });
		const aId = a.doc.clientID;
		await waitFor(
			() => (b.provider.awareness.getStates().get(aId) as { user?: { name: string } } | undefined)?.user?.name === 'Alice',
			"B sees A's awareness state"
		);
		// Exactly the two clients, nobody else (e.g. no server-side or stale peer).
		await waitFor(() => a.provider.awareness.getStates().has(b.doc.clientID), "A sees B's state");
		expect([...b.provider.awareness.getStates().keys()].sort()).toEqual([aId, b.doc.clientID].sort());

		const t0 = Date.now();
		a.provider.destroy();
		await waitFor(() => !b.provider.awareness.getStates().has(aId), "A's state removed on B", 1000);
		expect(Date.now() - t0).toBeLessThan(1000);
	});

	it('removes presence of a client that vanished without saying goodbye', async () => {
		const h = await startServer();
		const a = connect(h, 'room-aw2');
		const b = connect(h, 'room-aw2');
		a.provider.awareness.setLocalStateField('user', 'Alice');
		const aId = a.doc.clientID;
		await waitFor(() => b.provider.awareness.getStates().has(aId), "B sees A's awareness state");

		// The stock client sends a "state = null" goodbye on destroy(); a crashed tab does not.
		// Swallow all outgoing frames so only the server's close handling can remove A's state.
		const ws = a.provider.ws as unknown as WebSocket;
		expect(ws).toBeTruthy();
		ws.send = (() => {}) as typeof ws.send;
		a.provider.destroy();

		await waitFor(() => !b.provider.awareness.getStates().has(aId), "A's state removed on B", 1000);
		// The server dropped it too: a client joining now is told of B, never of the vanished A.
		b.provider.awareness.setLocalStateField('user', 'Bình');
		const c = connect(h, 'room-aw2');
		await waitFor(() => (c.provider.awareness.getStates().get(b.doc.clientID) as { user?: unknown } | undefined)?.user !== undefined, 'C is told of B');
		expect(c.provider.awareness.getStates().has(aId)).toBe(false);
	});

	it('answers awareness queries (type 3) with all states', async () => {
		const h = await startServer();
		const a = connect(h, 'room-q');
		a.provider.awareness.setLocalStateField('user', 'Alice');
		await waitFor(() => a.provider.synced, 'A synced');
		// Give the server a moment to receive A's awareness.
		await sleep(100);

		const ws = rawSocket(`${h.base}/yjs/room-q`);
		const frames: Uint8Array[] = [];
		ws.on('message', (data: Buffer) => frames.push(new Uint8Array(data)));
		await opened(ws);
		await sleep(100);
		frames.length = 0; // drop the initial sync/awareness frames
		ws.send(Uint8Array.of(3));
		await waitFor(() => frames.some((f) => f[0] === 1), 'awareness reply');
		const reply = frames.find((f) => f[0] === 1);
		expect(Buffer.from(reply!).toString('latin1')).toContain('Alice');
	});

	it('read-only connections can read but their edits are dropped', async () => {
		const h = await startServer({
			authorize: (req) => ({
				readOnly: new URL(req.url ?? '/', 'http://x').searchParams.get('mode') === 'view'
			})
		});
		const writer = connect(h, 'room-ro');
		writer.doc.getMap('m').set('k', 'v1');
		await waitFor(() => h.collab.getDoc('room-ro').getMap('m').get('k') === 'v1', 'server has writer edit');

		const viewer = connect(h, 'room-ro', { mode: 'view' });
		await waitFor(() => viewer.doc.getMap('m').get('k') === 'v1', 'viewer reads existing content');
		await waitFor(() => viewer.provider.synced, 'viewer synced');

		viewer.doc.getMap('m').set('hack', 'x');
		viewer.doc.getMap('m').set('k', 'overwritten');
		// Live updates still reach the viewer.
		writer.doc.getMap('m').set('k2', 'v2');
		await waitFor(() => viewer.doc.getMap('m').get('k2') === 'v2', 'viewer receives live update');
		await sleep(500);

		const serverMap = h.collab.getDoc('room-ro').getMap('m');
		expect(serverMap.has('hack')).toBe(false);
		expect(serverMap.get('k')).toBe('v1');
		expect(writer.doc.getMap('m').has('hack')).toBe(false);
		expect(writer.doc.getMap('m').get('k')).toBe('v1');
	});

	it('read-only viewers may publish awareness', async () => {
		const h = await startServer({
			authorize: (req) => ({ readOnly: (req.url ?? '').includes('mode=view') })
		});
		const writer = connect(h, 'room-ro-aw');
		const viewer = connect(h, 'room-ro-aw', { mode: 'view' });
		viewer.provider.awareness.setLocalStateField('user', 'Viewer');
		await waitFor(() => writer.provider.awareness.getStates().has(viewer.doc.clientID), 'writer sees viewer presence');
	});

	it('refuses connections when authorize returns null synchronously (HTTP 403)', async () => {
		let calls = 0;
		const h = await startServer({
			authorize: (_req, doc) => {
				calls++;
				return doc.startsWith('secret') ? null : { readOnly: false };
			}
		});
		h.collab.getDoc('secret-1').getMap('m').set('a', 1);

		const raw = rawSocket(`${h.base}/yjs/secret-1`);
		expect(await handshakeOutcome(raw)).toEqual({ status: 403 });

		const p = connect(h, 'secret-1');
		p.doc.getMap('m').set('b', 2);
		await sleep(600);
		expect(calls).toBeGreaterThanOrEqual(2);
		expect(p.provider.synced).toBe(false);
		expect(p.provider.wsconnected).toBe(false);
		expect(p.doc.getMap('m').has('a')).toBe(false);
		expect(h.collab.getDoc('secret-1').getMap('m').toJSON()).toEqual({ a: 1 });
	});

	it('closes with 4403 when an async authorize returns null, without syncing', async () => {
		let calls = 0;
		const h = await startServer({
			authorize: async () => {
				calls++;
				await sleep(30);
				return null;
			}
		});
		h.collab.getDoc('secret-2').getMap('m').set('a', 1);

		const p = connect(h, 'secret-2');
		const closes: (number | undefined)[] = [];
		p.provider.on('connection-close', (ev) => closes.push(ev?.code));
		p.doc.getMap('m').set('b', 2);
		await waitFor(() => closes.length > 0, 'connection closed by server');
		await sleep(500);

		expect(calls).toBe(1); // 4403 is permanent for the stock client: it does not retry
		expect(closes).toEqual([4403]);
		expect(p.provider.synced).toBe(false);
		expect(p.doc.getMap('m').has('a')).toBe(false);
		expect(h.collab.getDoc('secret-2').getMap('m').toJSON()).toEqual({ a: 1 });
	});

	it('answers HTTP 400 for invalid document names', async () => {
		const h = await startServer();
		const bad = [
			'/yjs',
			'/yjs/',
			'/yjs/..',
			'/yjs/%2e%2e',
			'/yjs/.hidden',
			'/yjs/a%2Fb',
			'/yjs/a/b',
			`/yjs/${'a'.repeat(129)}`,
			'/yjs/%E0%A4%A',
			'/yjs/-x',
			'/yjs/a%20b',
			'/yjs/a%00b'
		];
		for (const path of bad) {
			expect({ path, status: await rawUpgradeStatus(h.base, path) }).toEqual({ path, status: 400 });
		}
		// Through a real WebSocket client too: the handshake fails with 400.
		const ws = rawSocket(`${h.base}/yjs/a%2Fb`);
		expect(await handshakeOutcome(ws)).toEqual({ status: 400 });
		expect(h.collab.loadedDocs()).toEqual([]);
		// The longest valid name is accepted (the cap is not off by one).
		expect(await rawUpgradeStatus(h.base, `/yjs/${'a'.repeat(128)}`)).toBe(101);

		// Sanity: a valid, percent-encoded name is accepted and decoded.
		const ok = rawSocket(`${h.base}/yjs/ward%3A7.a_b-c?foo=bar`);
		await opened(ok);
		await waitFor(() => h.collab.loadedDocs().includes('ward:7.a_b-c'), 'decoded doc loaded');
		expect(() => h.collab.getDoc('../etc')).toThrow(TypeError);
	});

	it('closes with 1009 on messages over maxMessageBytes and does not apply them', async () => {
		const h = await startServer({ maxMessageBytes: 1024 });
		const ws = rawSocket(`${h.base}/yjs/room-big`);
		await opened(ws);

		// Prove the frame format is right: a small update is applied.
		ws.send(syncUpdateFrame(updateSetting('small', 'ok')));
		await waitFor(() => h.collab.getDoc('room-big').getMap('m').get('small') === 'ok', 'small update applied');

		const codeP = closed(ws);
		ws.send(syncUpdateFrame(updateSetting('big', 'x'.repeat(4000))));
		expect(await codeP).toBe(1009);
		await sleep(100);
		expect(h.collab.getDoc('room-big').getMap('m').toJSON()).toEqual({ small: 'ok' });
	});

	it('closes the connection on a malformed message', async () => {
		const h = await startServer();
		const ws = rawSocket(`${h.base}/yjs/room-bad`);
		await opened(ws);
		const codeP = closed(ws);
		ws.send(Uint8Array.of(0, 2, 50, 1, 2)); // update claiming 50 bytes, carrying 2
		expect(await codeP).toBe(1007);
	});

	it('does not take upgrades for other paths', async () => {
		const h = await startServer();
		for (const path of ['/socket.io/?EIO=4&transport=websocket', '/yjsx/room', '/']) {
			const ws = rawSocket(`${h.base}${path}`);
			const outcome = await handshakeOutcome(ws);
			expect(outcome.opened).toBeUndefined();
			expect(h.upgrades.at(-1)).toEqual({ url: path, taken: false });
		}
		expect(h.upgrades.every((u) => !u.taken)).toBe(true);
		expect(h.collab.loadedDocs()).toEqual([]);
	});

	it('terminates connections that do not answer pings', async () => {
		const h = await startServer({ pingIntervalMs: 50 });
		const silent = rawSocket(`${h.base}/yjs/room-ping`, { autoPong: false });
		const healthy = rawSocket(`${h.base}/yjs/room-ping`);
		await Promise.all([opened(silent), opened(healthy)]);
		const silentClosed = closed(silent);
		let healthyClosed = false;
		healthy.on('close', () => {
			healthyClosed = true;
		});
		const t0 = Date.now();
		await silentClosed;
		expect(Date.now() - t0).toBeLessThan(1000);
		await sleep(200);
		expect(healthyClosed).toBe(false);
	});

	it('unloads idle docs after flushing them, and loads them back on reconnect', async () => {
		let collab: Collab | null = null;
		const fake = fakePersistence((name) => collab?.loadedDocs().includes(name) ?? false);
		const h = await startServer({ idleUnloadMs: 50, persistence: fake.persistence });
		collab = h.collab;

		const a = connect(h, 'room-idle');
		const b = connect(h, 'room-idle');
		a.doc.getMap('m').set('k', 'persisted');
		await waitFor(() => b.doc.getMap('m').get('k') === 'persisted', 'B sees edit');
		expect(h.collab.loadedDocs()).toEqual(['room-idle']);

		a.provider.destroy();
		b.provider.destroy();
		await waitFor(() => !h.collab.loadedDocs().includes('room-idle'), 'doc unloaded', 1000);

		const flushes = fake.calls.filter((c) => c.op === 'flush' && c.name === 'room-idle');
		expect(flushes.length).toBeGreaterThanOrEqual(1);
		// Flushed while still loaded, with the content, i.e. before unload/destroy.
		expect(flushes.at(-1)).toMatchObject({ loadedAtCall: true, content: { k: 'persisted' } });
		expect(fake.store.has('room-idle')).toBe(true);

		// Reconnect with a fresh client: state comes back from persistence.
		const c = connect(h, 'room-idle');
		await waitFor(() => c.doc.getMap('m').get('k') === 'persisted', 'state reloaded from persistence');
		expect(fake.calls.filter((x) => x.op === 'load' && x.name === 'room-idle')).toHaveLength(2);
	});

	it('buffers messages that arrive while persistence is loading', async () => {
		let release: () => void = () => {};
		const gate = new Promise<void>((resolve) => {
			release = resolve;
		});
		const stored = updateSetting('old', 'stored');
		const h = await startServer({
			persistence: {
				async load(_name, doc) {
					await gate;
					Y.applyUpdate(doc, stored);
				},
				async flush() {}
			}
		});
		const ws = rawSocket(`${h.base}/yjs/room-buf`);
		await opened(ws);
		ws.send(syncUpdateFrame(updateSetting('new', 'sent-early')));
		await sleep(100);
		release();
		await waitFor(() => h.collab.getDoc('room-buf').getMap('m').get('new') === 'sent-early', 'buffered update applied');
		expect(h.collab.getDoc('room-buf').getMap('m').get('old')).toBe('stored');
	});

	it('does not serve or flush a doc whose load failed', async () => {
		let flushes = 0;
		const h = await startServer({
			persistence: {
				async load() {
					throw new Error('db down');
				},
				async flush() {
					flushes++;
				}
			}
		});
		const ws = rawSocket(`${h.base}/yjs/room-fail`);
		await opened(ws);
		expect(await closed(ws)).toBe(1011);
		expect(h.collab.loadedDocs()).toEqual([]);
		await h.collab.close();
		expect(flushes).toBe(0);
	});

	it('close() closes connections with 1001, flushes and destroys docs', async () => {
		const fake = fakePersistence(() => true);
		const h = await startServer({ persistence: fake.persistence });
		const a = connect(h, 'room-close');
		const codes: (number | undefined)[] = [];
		a.provider.on('connection-close', (ev) => codes.push(ev?.code));
		a.doc.getMap('m').set('k', 1);
		await waitFor(() => h.collab.getDoc('room-close').getMap('m').get('k') === 1, 'server has edit');
		const serverDoc = h.collab.getDoc('room-close');
		let destroyed = false;
		serverDoc.on('destroy', () => {
			destroyed = true;
		});

		await h.collab.close();
		expect(h.collab.loadedDocs()).toEqual([]);
		expect(destroyed).toBe(true);
		expect(fake.calls.filter((c) => c.op === 'flush')).toMatchObject([{ name: 'room-close', content: { k: 1 } }]);
		await waitFor(() => codes.length > 0, 'provider saw close');
		expect(codes[0]).toBe(1001);
		a.provider.disconnect(); // stop reconnect attempts
	});
});
