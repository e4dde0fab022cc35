/**
 * The live protocol end to end: the real server on a free port, real socket.io clients.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LiveEvent, ResumeReply, ServerToClientEvents } from '../../src/lib/contracts/live.ts';
import { DATABASE_KINDS, reportBody } from '../fixtures/db.ts';
import { testServer, writerToken, type TestServerHandle } from '../fixtures/server.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const v = probe();
		if (v) return v;
		if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

/** The API token every client and request of this file uses (district-wide, write). */
let token = '';

type CasesEvent = Extract<LiveEvent, { type: 'cases:reported' }>;

function connect(url: string): { socket: Client; events: CasesEvent[] } {
	const socket: Client = io(url, { transports: ['websocket'], forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 300, auth: { token } });
	const events: CasesEvent[] = [];
	socket.on('live:event', (e) => {
		if (e.type === 'cases:reported') events.push(e);
	});
	return { socket, events };
}

function resume(socket: Client, since: number | null): Promise<ResumeReply> {
	return socket.timeout(5000).emitWithAck('live:resume', { since });
}

async function post(url: string, ward: string, body: unknown): Promise<Response> {
	return fetch(`${url}/api/wards/${ward}/case-reports`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
		body: JSON.stringify(body)
	});
}

describe.each(DATABASE_KINDS)('live protocol on %s', (kind) => {
	let server: TestServerHandle;
	const clients: Client[] = [];

	beforeAll(async () => {
		server = await testServer(kind);
		await server.start();
		token = await writerToken(server.current().core.services);
	});
	afterEach(() => {
		for (const c of clients.splice(0)) c.close();
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('a new client gets a snapshot, then every saved report as ordered deltas', async () => {
		const { url } = server.current();
		const a = connect(url);
		clients.push(a.socket);
		const first = await resume(a.socket, null);
		if (first.mode !== 'snapshot') throw new Error(`expected a snapshot, got ${first.mode}`);
		expect(first.snapshot.wards).toHaveLength(14);
		const base = first.snapshot.seq;

		for (let i = 0; i < 5; i++) {
			const res = await post(url, i % 2 ? 'kim-ma' : 'doi-can', reportBody({ f0Active: 100 + i }));
			expect(res.status).toBe(201);
		}
		await waitFor('5 events', () => a.events.length >= 5);
		expect(a.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5].map((n) => base + n));
		expect(a.events.map((e) => e.report.f0Active)).toEqual([100, 101, 102, 103, 104]);

		// A second client that was away since `base` gets exactly what it missed.
		const b = connect(url);
		clients.push(b.socket);
		const missed = await resume(b.socket, base);
		expect(missed.mode).toBe('events');
		if (missed.mode === 'events') expect(missed.events).toEqual(a.events);
	});

	it('a refused report publishes nothing', async () => {
		const { url } = server.current();
		const a = connect(url);
		clients.push(a.socket);
		const snap = await resume(a.socket, null);
		const res = await post(url, 'kim-ma', reportBody({ positives: 1_000_000 }));
		expect(res.status).toBe(400);
		const ok = await post(url, 'kim-ma', reportBody({ f0Active: 7 }));
		expect(ok.status).toBe(201);
		await waitFor('the valid report', () => a.events.length >= 1);
		// The only event is the valid report, right after the snapshot's seq.
		expect(a.events.map((e) => [e.seq, e.report.f0Active])).toEqual([[(snap as { snapshot: { seq: number } }).snapshot.seq + 1, 7]]);
	});

	it('an invalid resume request gets an error reply, not a crash', async () => {
		const a = connect(server.current().url);
		clients.push(a.socket);
		const reply = await a.socket.timeout(5000).emitWithAck('live:resume', { since: -5 } as never);
		expect(reply.mode).toBe('error');
		expect((await resume(a.socket, null)).mode).toBe('snapshot');
	});

	it('after a server restart a client reconnects by itself and resumes with nothing lost', async () => {
		const before = server.current();
		const port = before.port;
		const a = connect(before.url);
		clients.push(a.socket);
		const snap = await resume(a.socket, null);
		if (snap.mode !== 'snapshot') throw new Error('expected snapshot');
		let lastSeq = snap.snapshot.seq;
		a.socket.on('live:event', (e) => (lastSeq = Math.max(lastSeq, e.seq)));

		const disconnected = new Promise<void>((r) => a.socket.once('disconnect', () => r()));
		await server.stop();
		await disconnected;
		// What the client had when it went away: the socket may reconnect (and hear the next event
		// live) before the resume below is sent, so "from" must not be read after the reconnect.
		const from = lastSeq;

		const after = await server.start(port);
		// Written while the client was away: must come through the resume, not be lost.
		expect((await post(after.url, 'ngoc-ha', reportBody({ f0Active: 321 }))).status).toBe(201);

		await waitFor('reconnect', () => a.socket.connected, 15_000);
		const missed = await resume(a.socket, from);
		if (missed.mode !== 'events') throw new Error(`expected events, got ${missed.mode}`);
		expect((missed.events as CasesEvent[]).map((e) => [e.seq, e.wardCode, e.report.f0Active])).toEqual([[from + 1, 'ngoc-ha', 321]]);

		// And live deltas keep flowing with seq continuing across the restart.
		const n = a.events.length;
		expect((await post(after.url, 'ngoc-ha', reportBody({ f0Active: 322 }))).status).toBe(201);
		await waitFor('live event after restart', () => a.events.length > n);
		expect(a.events.at(-1)?.seq).toBe(from + 2);
	});

	it('a graceful shutdown finishes in-flight writes: every 201 is persisted, nothing half-saved', async () => {
		const { url, port } = server.current();
		const posts = Array.from({ length: 20 }, (_, i) =>
			post(url, 'quan-thanh', reportBody({ f0Active: 1000 + i })).then(
				(r) => r.status,
				() => 0
			)
		);
		await new Promise((r) => setTimeout(r, 5));
		await server.stop();
		const statuses = await Promise.all(posts);
		const accepted = statuses.filter((s) => s === 201).length;

		const again = await server.start(port);
		const history = (await (
			await fetch(`${again.url}/api/wards/quan-thanh/case-reports?limit=500`, { headers: { authorization: `Bearer ${token}` } })
		).json()) as unknown[];
		expect(history.length).toBe(accepted);
		// Every refused-or-cut request left nothing; every accepted one has its event.
		const a = connect(again.url);
		clients.push(a.socket);
		const all = await resume(a.socket, 0);
		if (all.mode !== 'events') throw new Error('expected events');
		expect(all.events.filter((e) => e.wardCode === 'quan-thanh')).toHaveLength(accepted);
	});
});
