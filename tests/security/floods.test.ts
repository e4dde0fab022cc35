/**
 * Floods are bounded (issue 10.6): per connection and per principal, on socket.io and /yjs. Each
 * flood is run against the real server while /api/health is polled and the process's memory
 * sampled; the figures are printed (`[flood] …` lines) and only generous bounds asserted:
 * health answers within 1 s throughout, memory grows by less than 256 MiB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { KIOSK_COOKIE } from '../../src/lib/server/services/auth.ts';
import { DATABASE_KINDS } from '../fixtures/db.ts';
import { kioskToken, signedInUser, testServer, type TestServerHandle } from '../fixtures/server.ts';
import { sleep, waitFor } from '../fixtures/collab.ts';
import { liveClient, type LiveClient } from './sessions-fixtures.ts';

const WARD_BOARD = 'board:ward:kim-ma';
const MiB = 1024 * 1024;

interface Figures {
	healthMaxMs: number;
	healthChecks: number;
	rssGrowthMiB: number;
	heapGrowthMiB: number;
	rssPeakMiB: number;
}

/** Runs `flood` while polling /api/health one request after another and sampling memory. */
async function measured(url: string, name: string, flood: () => Promise<void>): Promise<Figures> {
	const before = process.memoryUsage();
	let peak = { rss: before.rss, heap: before.heapUsed };
	let running = true;
	const latencies: number[] = [];
	const sampler = setInterval(() => {
		const m = process.memoryUsage();
		peak = { rss: Math.max(peak.rss, m.rss), heap: Math.max(peak.heap, m.heapUsed) };
	}, 20);
	const prober = (async () => {
		while (running) {
			const t0 = performance.now();
			const res = await fetch(`${url}/api/health`);
			await res.arrayBuffer();
			if (res.status !== 200) throw new Error(`/api/health answered ${res.status} during ${name}`);
			latencies.push(performance.now() - t0);
			await sleep(25);
		}
	})();
	try {
		await flood();
		// …and the aftermath: work the flood queued must not stall the server either.
		const until = Date.now() + 500;
		await waitFor('health checks after the flood', () => Date.now() >= until && latencies.length >= 5, 10_000);
	} finally {
		running = false;
		await prober;
		clearInterval(sampler);
	}
	const f: Figures = {
		healthMaxMs: Math.round(Math.max(...latencies)),
		healthChecks: latencies.length,
		rssGrowthMiB: +((peak.rss - before.rss) / MiB).toFixed(1),
		heapGrowthMiB: +((peak.heap - before.heapUsed) / MiB).toFixed(1),
		rssPeakMiB: +(peak.rss / MiB).toFixed(1)
	};
	console.log(
		`[flood] ${name}: /api/health max ${f.healthMaxMs} ms over ${f.healthChecks} checks; rss +${f.rssGrowthMiB} MiB (peak ${f.rssPeakMiB} MiB), heap +${f.heapGrowthMiB} MiB`
	);
	expect(f.healthChecks).toBeGreaterThan(0);
	expect(f.healthMaxMs).toBeLessThan(1000);
	expect(f.rssGrowthMiB).toBeLessThan(256);
	return f;
}

/**
 * Sends `n` messages in batches, yielding between batches: the attacker is another machine, so
 * the test's own encoding work must not sit on the server's event loop for the whole flood.
 */
async function burst(n: number, send: (i: number) => boolean | void): Promise<void> {
	for (let i = 0; i < n;) {
		for (const end = Math.min(n, i + 100); i < end; i++) if (send(i) === false) return;
		await new Promise((r) => setImmediate(r));
	}
}

/** A raw /yjs websocket (what an attacker, not the stock client, would open). */
interface RawYjs {
	ws: WebSocket;
	opened: Promise<void>;
	closed: Promise<number>;
}

function rawYjs(url: string, cookie: string): RawYjs {
	const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/yjs/${WARD_BOARD}`, { headers: { cookie } });
	ws.on('error', () => {});
	const opened = new Promise<void>((r) => ws.once('open', () => r()));
	const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
	return { ws, opened, closed };
}

/** Whether the server answers a probe on this socket (sync step 1 → step 2) rather than closing it. */
async function answers(y: RawYjs): Promise<boolean> {
	if (y.ws.readyState !== WebSocket.OPEN) return false;
	const enc = encoding.createEncoder();
	encoding.writeVarUint(enc, 0);
	syncProtocol.writeSyncStep1(enc, new Y.Doc());
	const got = new Promise<boolean>((r) => y.ws.once('message', () => r(true)));
	y.ws.send(encoding.toUint8Array(enc));
	return Promise.race([got, y.closed.then(() => false)]);
}

describe.each(DATABASE_KINDS)('floods are bounded (%s)', (kind) => {
	let server: TestServerHandle;
	let url: string;
	let cookie: string;
	const config = () => server.current().core.config.limits;

	beforeAll(async () => {
		server = await testServer(kind);
		url = (await server.start()).url;
		cookie = (await signedInUser(server.current().core.services, 'ward_commander', 'kim-ma')).cookie;
		// Warm up (first request, first snapshot): a cold start is not a flood's cost.
		await (await fetch(`${url}/api/health`)).arrayBuffer();
		await server.current().core.services.live.resume({ kind: 'system', name: 'warm-up' }, null);
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('2,000 live:resume on one socket: a few snapshots, the rest refused cheaply, then the socket is dropped', async () => {
		const c = liveClient(url, { cookie });
		await waitFor('connected', () => c.sock.connected);
		const replies: string[] = [];
		// Count the snapshots and event lists actually built (the expensive part).
		const live = server.current().core.services.live;
		const resume = live.resume;
		let built = 0;
		live.resume = (...args) => {
			built++;
			return resume(...args);
		};
		await measured(url, `${kind} 2000 live:resume on one socket`, async () => {
			await burst(2000, () => {
				c.sock.emit('live:resume', { since: null }, (r: { mode: string; message?: string }) =>
					replies.push(r.message?.startsWith('rate_limited') ? 'rate_limited' : r.mode)
				);
			});
			await waitFor('socket dropped', () => !c.sock.connected, 10_000);
		});
		live.resume = resume;
		const rateLimited = replies.filter((r) => r === 'rate_limited').length;
		console.log(
			`[flood] ${kind} live:resume: ${built} resumes built, ${rateLimited} answered rate_limited, ${2000 - replies.length} unanswered (socket dropped)`
		);
		expect(built).toBeGreaterThan(0);
		expect(built).toBeLessThanOrEqual(config().liveResumesPer10s);
		expect(replies.length).toBeLessThanOrEqual(config().socketEventsPer10s);
		c.sock.close();
	});

	it('200 sockets of one account: only the cap connect, the rest are refused; a kiosk has its own cap; slots come back', async () => {
		const socks: LiveClient[] = [];
		const refused: string[] = [];
		await measured(url, `${kind} 200 sockets of one account`, async () => {
			for (let i = 0; i < 200; i++) {
				const c = liveClient(url, { cookie });
				c.sock.on('connect_error', (e) => refused.push(e.message));
				socks.push(c);
			}
			await waitFor('every socket answered', () => socks.filter((c) => c.sock.connected).length + refused.length === 200, 20_000);
		});
		expect(socks.filter((c) => c.sock.connected)).toHaveLength(config().maxConnectionsPerAccount);
		expect(new Set(refused)).toEqual(new Set(['too_many_connections']));
		for (const c of socks) c.sock.close();

		const kiosk = await kioskToken(server.current().core.services, 'TV tràn');
		const tvs = Array.from({ length: config().maxConnectionsPerKiosk + 5 }, () => liveClient(url, { cookie: `${KIOSK_COOKIE}=${kiosk.token}` }));
		let tvRefused = 0;
		for (const t of tvs) t.sock.on('connect_error', () => tvRefused++);
		await waitFor('every TV socket answered', () => tvs.filter((t) => t.sock.connected).length + tvRefused === tvs.length, 10_000);
		expect(tvs.filter((t) => t.sock.connected)).toHaveLength(config().maxConnectionsPerKiosk);
		for (const t of tvs) t.sock.close();

		// Closed sockets give their slots back: the account connects again.
		const again = liveClient(url, { cookie });
		await waitFor('a new socket of the account connects', () => again.sock.connected, 5000);
		again.sock.close();
	});

	it('a 2 MiB socket.io packet is refused (websocket frame and long-polling body), the connection closed', async () => {
		for (const transport of ['websocket', 'polling'] as const) {
			const c = liveClient(url, { cookie });
			if (transport === 'polling') {
				c.sock.close();
				const { io } = await import('socket.io-client');
				c.sock = io(url, { transports: ['polling'], forceNew: true, reconnection: false, extraHeaders: { cookie } });
			}
			await waitFor('connected', () => c.sock.connected);
			let answered = false;
			await measured(url, `${kind} 2 MiB socket.io packet over ${transport}`, async () => {
				c.sock.emit('live:resume', { since: null, pad: 'x'.repeat(2 * MiB) }, () => (answered = true));
				await waitFor('connection closed', () => !c.sock.connected, 10_000);
			});
			expect(answered).toBe(false);
			c.sock.close();
		}
	});

	it('5,000 small /yjs frames on one connection: closed (1008) after the per-connection rate', async () => {
		const y = rawYjs(url, cookie);
		await y.opened;
		expect(await answers(y)).toBe(true);
		let code = 0;
		await measured(url, `${kind} 5000 /yjs frames on one connection`, async () => {
			const enc = encoding.createEncoder();
			encoding.writeVarUint(enc, 0);
			syncProtocol.writeSyncStep1(enc, new Y.Doc());
			const frame = encoding.toUint8Array(enc); // each makes the server encode the whole board
			await burst(5000, () => {
				if (y.ws.readyState !== WebSocket.OPEN) return false;
				y.ws.send(frame);
			});
			code = await y.closed;
		});
		expect(code).toBe(1008);
	});

	it('an awareness (presence) flood on one connection is closed (1008)', async () => {
		const y = rawYjs(url, cookie);
		await y.opened;
		const doc = new Y.Doc();
		const awareness = new awarenessProtocol.Awareness(doc);
		let code = 0;
		await measured(url, `${kind} awareness flood on one connection`, async () => {
			await burst(2000, (i) => {
				if (y.ws.readyState !== WebSocket.OPEN) return false;
				awareness.setLocalState({ user: { name: `giả ${i}` }, cursor: i });
				const enc = encoding.createEncoder();
				encoding.writeVarUint(enc, 1);
				encoding.writeVarUint8Array(enc, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]));
				y.ws.send(encoding.toUint8Array(enc));
			});
			code = await y.closed;
		});
		awareness.destroy();
		expect(code).toBeGreaterThanOrEqual(1008);
		expect(code).not.toBe(1011);
	});

	it('100 /yjs connections of one account: the cap stays open, the rest are refused (4403); slots come back', async () => {
		const sockets = Array.from({ length: 100 }, () => rawYjs(url, cookie));
		let open: boolean[] = [];
		await measured(url, `${kind} 100 /yjs connections of one account`, async () => {
			await Promise.all(sockets.map((s) => s.opened));
			open = await Promise.all(sockets.map((s) => answers(s)));
		});
		expect(open.filter(Boolean)).toHaveLength(config().maxConnectionsPerAccount);
		const refusedCodes = await Promise.all(sockets.filter((_, i) => !open[i]).map((s) => s.closed));
		expect(new Set(refusedCodes)).toEqual(new Set([4403]));
		for (const s of sockets) s.ws.close();
		await Promise.all(sockets.map((s) => s.closed));
		const again = rawYjs(url, cookie);
		await again.opened;
		expect(await answers(again)).toBe(true);
		again.ws.close();
	});
});
