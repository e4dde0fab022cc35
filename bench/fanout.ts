/**
 * Fan-out benchmark: how long from "a ward posts a case report" to "every wall has it", for the
 * real production server, compared in the same run with a bare socket.io server (the baseline).
 *
 *   npm run bench:fanout -- [--clients 500] [--reports 50] [--interval 100]
 *                           [--database pglite|postgres] [--warmup 5] [--timeout 120000]
 *
 * Phase 1 spawns the real server (tests/fixtures/spawn-server.ts), connects N socket.io clients
 * (each resumes with since:null and waits for the ack), then POSTs M reports to
 * /api/wards/<code>/case-reports, one every --interval ms (open loop: it does not wait for the
 * previous POST nor for the clients). Each report carries a unique marker in `note`; a client's
 * latency for a report is the time it received the matching 'live:event' minus the instant just
 * before the fetch. Phase 2 does the same against bench/baseline-server.ts. Before measuring,
 * each phase sends --warmup reports one after the other (not counted), so that the first measured
 * report does not pay for lazy module loading and a cold JIT.
 *
 * It prints numbers and a ratio to the baseline; it judges no speed. It exits non-zero only when a
 * client missed an event, a POST failed, or the global timeout struck.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LiveEvent, ServerToClientEvents } from '../src/lib/contracts/live.ts';
import { ROOT, signInCookie, spawnServer, type SpawnedServer } from '../tests/fixtures/spawn-server.ts';
import {
	createDeadline,
	createTempDatabase,
	databaseOption,
	DeadlineError,
	intOption,
	machineLines,
	now,
	percentile,
	sleep,
	spawnHelper,
	type HelperServer,
	type TempDatabase
} from './common.ts';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

// ---------------------------------------------------------------------------------------------
// Options

const { values: args } = parseArgs({
	options: {
		clients: { type: 'string', default: '500' },
		reports: { type: 'string', default: '50' },
		interval: { type: 'string', default: '100' },
		database: { type: 'string', default: 'pglite' },
		warmup: { type: 'string', default: '5' },
		timeout: { type: 'string', default: '120000' },
		help: { type: 'boolean', short: 'h', default: false }
	},
	strict: true
});

if (args.help) {
	console.log(
		'npm run bench:fanout -- [--clients N=500] [--reports M=50] [--interval ms=100] [--database pglite|postgres] [--warmup K=5] [--timeout ms=120000]\n' +
			'postgres uses TEST_DATABASE_URL or DATABASE_URL and a fresh temporary database.'
	);
	process.exit(0);
}

const CLIENTS = intOption('clients', args.clients, 1);
const REPORTS = intOption('reports', args.reports, 1);
const INTERVAL_MS = intOption('interval', args.interval, 0);
const WARMUP = intOption('warmup', args.warmup, 0);
const TIMEOUT_MS = intOption('timeout', args.timeout, 1000);
const DATABASE = databaseOption(args.database);
/** Clients connect this many at a time, to avoid a connection storm on a small machine. */
const CONNECT_BATCH = 50;
/** After the last POST answered, how long to wait for late events before calling them missed. */
const SETTLE_MS = 10_000;
const HOST = '127.0.0.1';
/** Other work on the machine skews every figure: say how busy it was when the run started. */
const LOAD_AT_START = os.loadavg();

// ---------------------------------------------------------------------------------------------
// Time, deadline, statistics

const { race, clear: clearDeadline, at: deadlineAt } = createDeadline(TIMEOUT_MS);

// ---------------------------------------------------------------------------------------------
// Payloads: the same M reports for both phases

const district = JSON.parse(readFileSync(path.join(ROOT, 'server/district/ba-dinh.json'), 'utf8')) as {
	wards: { code: string }[];
};
const WARDS = district.wards.map((w) => w.code);
const ZONES = ['green', 'orange', 'red'] as const;
const RUN_ID = randomBytes(4).toString('hex');

interface Payload {
	ward: string;
	note: string;
	body: Record<string, unknown>;
}

const payloads: Payload[] = Array.from({ length: REPORTS }, (_, i) => {
	const note = `bench-${RUN_ID}-${i}`;
	const samplesTested = 100 + (i % 50);
	return {
		ward: WARDS[i % WARDS.length]!,
		note,
		body: {
			f0NewCommunity: i % 5,
			f0NewQuarantine: i % 3,
			f0Active: 10 + (i % 20),
			f1Traced: 20 + (i % 30),
			f1Quarantined: 15 + (i % 25),
			f2: 40 + (i % 40),
			samplesTested,
			positives: i % 7,
			vaccineDoses: 300 + i,
			zone: ZONES[i % ZONES.length],
			note,
			reporter: 'bench:fanout'
		}
	};
});
const noteIndex = new Map(payloads.map((p, i) => [p.note, i]));
/** Warm-up reports: same shape, notes the clients do not count. */
const warmups: Payload[] = Array.from({ length: WARMUP }, (_, j) => {
	const p = payloads[j % payloads.length]!;
	const note = `bench-${RUN_ID}-warmup-${j}`;
	return { ward: p.ward, note, body: { ...p.body, note } };
});

/** The admin session of the real server (the baseline ignores it): both phases send the same headers. */
let cookie = '';

async function post(url: string, body: Record<string, unknown>): Promise<Response> {
	return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });
}

// ---------------------------------------------------------------------------------------------
// One phase: connect N clients, post M reports, collect receipt times

interface PhaseResult {
	name: string;
	expected: number;
	received: number;
	duplicates: number;
	clientsMissing: number;
	disconnects: number;
	postErrors: string[];
	connectMs: number;
	latencies: number[];
	postRtts: number[];
	completed: boolean;
}

async function runPhase(name: string, baseUrl: string, postUrl: (p: Payload) => string, clients: LiveSocket[]): Promise<PhaseResult> {
	const result: PhaseResult = {
		name,
		expected: CLIENTS * REPORTS,
		received: 0,
		duplicates: 0,
		clientsMissing: 0,
		disconnects: 0,
		postErrors: [],
		connectMs: 0,
		latencies: [],
		postRtts: [],
		completed: false
	};
	current = result;
	/** receipt[c * REPORTS + i]: when client c got report i (NaN: not yet). */
	const receipt = new Float64Array(CLIENTS * REPORTS).fill(NaN);
	const t0 = new Float64Array(REPORTS).fill(NaN);
	let allReceived: () => void = () => {};
	const allReceivedP = new Promise<void>((r) => (allReceived = r));
	let measuring = false;

	const finish = () => {
		result.latencies = [];
		for (let c = 0; c < CLIENTS; c++) {
			let missing = false;
			for (let i = 0; i < REPORTS; i++) {
				const r = receipt[c * REPORTS + i]!;
				if (Number.isNaN(r)) missing = true;
				else result.latencies.push(r - t0[i]!);
			}
			if (missing) result.clientsMissing++;
		}
		result.latencies.sort((a, b) => a - b);
		result.postRtts.sort((a, b) => a - b);
	};
	finishCurrent = finish;

	// Connect in batches; each client resumes from nothing and waits for the ack.
	const connectStart = now();
	for (let start = 0; start < CLIENTS; start += CONNECT_BATCH) {
		const batch: Promise<void>[] = [];
		for (let c = start; c < Math.min(CLIENTS, start + CONNECT_BATCH); c++) {
			const socket: LiveSocket = io(baseUrl, {
				transports: ['websocket'],
				forceNew: true, // one connection per client, not one shared Manager
				reconnection: false, // a dropped client must show up as missed events
				extraHeaders: { cookie } // every wall is signed in (the baseline ignores it)
			});
			clients.push(socket);
			socket.on('live:event', (event: LiveEvent) => {
				const at = now();
				const i = noteIndex.get(event.type === 'cases:reported' ? (event.report?.note ?? '') : '');
				if (i === undefined || !measuring) return;
				const k = c * REPORTS + i;
				if (!Number.isNaN(receipt[k]!)) {
					result.duplicates++;
					return;
				}
				receipt[k] = at;
				if (++result.received === result.expected) allReceived();
			});
			socket.on('disconnect', () => {
				if (measuring) result.disconnects++;
			});
			batch.push(
				new Promise<void>((resolve, reject) => {
					socket.once('connect_error', (err) => reject(new Error(`client ${c} could not connect: ${err.message}`)));
					socket.once('connect', () => {
						socket
							.timeout(30_000)
							.emitWithAck('live:resume', { since: null })
							.then((reply) => {
								if (reply.mode === 'error') reject(new Error(`client ${c}: live:resume failed: ${reply.message}`));
								else resolve();
							}, reject);
					});
				})
			);
		}
		await race(Promise.all(batch));
	}
	result.connectMs = now() - connectStart;

	// Warm up, one report at a time; the clients receive these but do not count them.
	for (const w of warmups) {
		const res = await race(post(postUrl(w), w.body));
		const text = await race(res.text());
		if (res.status !== 201) throw new Error(`${name}: warm-up POST failed: HTTP ${res.status} ${text.slice(0, 200)}`);
	}
	await race(sleep(INTERVAL_MS));
	measuring = true;

	// Post the reports on a fixed schedule (open loop).
	const posts: Promise<void>[] = [];
	const scheduleStart = now();
	for (let i = 0; i < REPORTS; i++) {
		const wait = scheduleStart + i * INTERVAL_MS - now();
		if (wait > 0) await race(sleep(wait));
		const p = payloads[i]!;
		const start = now();
		t0[i] = start;
		posts.push(
			post(postUrl(p), p.body).then(
				async (res) => {
					const text = await res.text();
					result.postRtts.push(now() - start);
					if (res.status !== 201) result.postErrors.push(`report ${i}: HTTP ${res.status} ${text.slice(0, 200)}`);
				},
				(err: unknown) => {
					result.postErrors.push(`report ${i}: ${err instanceof Error ? err.message : String(err)}`);
				}
			)
		);
	}
	await race(Promise.all(posts));

	// Wait for every client to have every event, or SETTLE_MS more.
	if (result.received < result.expected) {
		await race(Promise.race([allReceivedP, sleep(SETTLE_MS)]));
	}
	measuring = false;
	finish();
	result.completed = true;
	return result;
}

/** The phase in progress, so that a timeout can still report what it got. */
let current: PhaseResult | null = null;
let finishCurrent: (() => void) | null = null;

// ---------------------------------------------------------------------------------------------
// Clients

function closeClients(clients: LiveSocket[]): void {
	for (const s of clients) {
		s.removeAllListeners();
		s.disconnect();
	}
	clients.length = 0;
}

// ---------------------------------------------------------------------------------------------
// Report

function fmt(ms: number): string {
	return Number.isFinite(ms) ? ms.toFixed(2) : '—';
}

function printReport(results: PhaseResult[], note: string | null): void {
	const lines: string[] = [];
	lines.push('');
	lines.push(`Fan-out benchmark — ${new Date().toISOString()}`);
	lines.push(...machineLines(LOAD_AT_START));
	lines.push(
		`Parameters: ${CLIENTS} clients, ${REPORTS} reports, one every ${INTERVAL_MS} ms (after ${WARMUP} warm-up reports), ` +
			`database ${DATABASE}, clients connected ${CONNECT_BATCH} at a time, all on ${HOST}`
	);
	lines.push('');
	const header = ['phase', 'received/expected', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'POST p50', 'POST p95', 'connect s'];
	const rows = results.map((r) => [
		r.name,
		`${r.received}/${r.expected}`,
		fmt(percentile(r.latencies, 50)),
		fmt(percentile(r.latencies, 95)),
		fmt(percentile(r.latencies, 99)),
		fmt(r.latencies.at(-1) ?? NaN),
		fmt(percentile(r.postRtts, 50)),
		fmt(percentile(r.postRtts, 95)),
		(r.connectMs / 1000).toFixed(1)
	]);
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
	const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
	lines.push(line(header));
	lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
	for (const row of rows) lines.push(line(row));

	const ours = results.find((r) => r.name.startsWith('ours'));
	const base = results.find((r) => r.name === 'baseline');
	if (ours && base && ours.latencies.length && base.latencies.length) {
		const ratio = (p: number) => (percentile(ours.latencies, p) / percentile(base.latencies, p)).toFixed(2);
		lines.push('');
		lines.push(`Ratio ours/baseline (delivery latency): p50 ×${ratio(50)}, p95 ×${ratio(95)}, p99 ×${ratio(99)}`);
	}
	lines.push('');
	lines.push('Latency: receipt of the matching live:event by a client − the instant just before its POST was sent.');
	for (const r of results) {
		const problems: string[] = [];
		if (r.received < r.expected) {
			problems.push(
				r.completed
					? `${r.expected - r.received} events missed by ${r.clientsMissing} clients`
					: `${r.expected - r.received} events not received before the phase stopped (${r.clientsMissing} clients short)`
			);
		}
		if (r.duplicates) problems.push(`${r.duplicates} duplicate events`);
		if (r.disconnects) problems.push(`${r.disconnects} client disconnects during measurement`);
		if (r.postErrors.length) problems.push(`${r.postErrors.length} failed POSTs, first: ${r.postErrors[0]}`);
		if (!r.completed) problems.push('phase did not complete');
		if (problems.length) lines.push(`${r.name}: ${problems.join('; ')}`);
	}
	if (note) lines.push(note);
	console.log(lines.join('\n'));
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(): Promise<number> {
	const results: PhaseResult[] = [];
	const clients: LiveSocket[] = [];
	let server: SpawnedServer | null = null;
	let baseline: HelperServer | null = null;
	let db: TempDatabase | null = null;
	let failure: string | null = null;

	try {
		// Phase 1: the real server.
		// LOG_LEVEL stays info: the fixture waits for the "Command Post listening" line.
		const env: Record<string, string> = {};
		if (DATABASE === 'postgres') {
			db = await race(createTempDatabase());
			env.DATABASE_URL = db.url;
		}
		console.log(`Phase 1: real server (${DATABASE}${db ? `, database ${db.name}` : ''}), ${CLIENTS} clients…`);
		server = await race(spawnServer({ env, startTimeoutMs: Math.max(1000, deadlineAt - Date.now()) }));
		const s = server;
		cookie = await race(signInCookie(s.url));
		results.push(await runPhase(`ours (${DATABASE})`, s.url, (p) => `${s.url}/api/wards/${p.ward}/case-reports`, clients));
		current = null;
		closeClients(clients);
		await server.stop();

		// Phase 2: the bare socket.io baseline.
		console.log(`Phase 2: baseline (bare socket.io), ${CLIENTS} clients…`);
		baseline = await race(spawnHelper('bench/baseline-server.ts'));
		const b = `http://${HOST}:${baseline.port}`;
		results.push(await runPhase('baseline', b, (p) => `${b}/report?ward=${encodeURIComponent(p.ward)}`, clients));
		current = null;
	} catch (err) {
		failure = err instanceof DeadlineError ? err.message : `error: ${err instanceof Error ? err.stack : String(err)}`;
		if (current && finishCurrent) {
			finishCurrent();
			results.push(current);
		}
	} finally {
		clearDeadline();
		closeClients(clients);
		await baseline?.stop().catch(() => {});
		if (server) {
			await server.stop().catch(() => {});
			await server.cleanup().catch(() => {});
		}
		await db?.drop().catch((err: unknown) => console.error(`could not drop ${db?.name}:`, err));
	}

	printReport(results, failure);
	const incomplete = results.some((r) => !r.completed || r.received < r.expected || r.postErrors.length > 0);
	if (failure || incomplete || results.length < 2) {
		if (failure && server && /error/.test(failure)) console.error(`server output:\n${server.output().slice(-4000)}`);
		return 1;
	}
	return 0;
}

main().then(
	(code) => process.exit(code),
	(err: unknown) => {
		console.error(err);
		process.exit(1);
	}
);
