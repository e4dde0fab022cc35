/**
 * What every benchmark here needs in the same way: integer options, one global deadline, the
 * nearest-rank percentile, a throw-away PostgreSQL database, a helper server as a child process,
 * and the line that says which machine (and how busy) the figures come from.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import postgres from 'postgres';
import { ROOT } from '../tests/fixtures/spawn-server.ts';

/** High-resolution wall-clock milliseconds (the bench process is the only clock used). */
export const now = () => performance.timeOrigin + performance.now();
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Parses `--name` as an integer >= min, or exits with code 2 naming the option. */
export function intOption(name: string, raw: string | undefined, min: number): number {
	const n = Number(raw);
	if (!Number.isInteger(n) || n < min) {
		console.error(`--${name} must be an integer >= ${min} (got ${raw})`);
		process.exit(2);
	}
	return n;
}

/** `--database pglite|postgres`, or exits with code 2. */
export function databaseOption(raw: string | undefined): 'pglite' | 'postgres' {
	if (raw !== 'pglite' && raw !== 'postgres') {
		console.error(`--database must be pglite or postgres (got ${raw})`);
		process.exit(2);
	}
	return raw;
}

export class DeadlineError extends Error {}

/** One timeout for the whole run: `race(p)` waits for p, or throws DeadlineError when time is up. */
export function createDeadline(ms: number): { race<T>(p: Promise<T>): Promise<T>; clear(): void; at: number } {
	let timer: NodeJS.Timeout | undefined;
	const deadline = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new DeadlineError(`global timeout of ${ms} ms reached`)), ms);
	});
	deadline.catch(() => {}); // observed through race()
	return {
		race: <T>(p: Promise<T>) => Promise.race([p, deadline]),
		clear: () => clearTimeout(timer),
		at: Date.now() + ms
	};
}

/** Nearest-rank percentile of an ascending array; NaN when empty. */
export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface TempDatabase {
	url: string;
	name: string;
	drop(): Promise<void>;
}

/** A fresh database `cp_bench_<random>` on TEST_DATABASE_URL (else DATABASE_URL); drop() removes it. */
export async function createTempDatabase(): Promise<TempDatabase> {
	const base = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
	if (!base) {
		console.error('--database postgres needs TEST_DATABASE_URL or DATABASE_URL (a postgres:// URL)');
		process.exit(2);
	}
	const name = `cp_bench_${randomBytes(6).toString('hex')}`;
	const admin = postgres(base, { max: 1, onnotice: () => {} });
	try {
		await admin.unsafe(`CREATE DATABASE "${name}"`);
	} catch (err) {
		await admin.end({ timeout: 5 });
		throw err;
	}
	const url = new URL(base);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		name,
		async drop() {
			try {
				await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
			} finally {
				await admin.end({ timeout: 5 });
			}
		}
	};
}

export interface HelperServer {
	port: number;
	child: ChildProcess;
	output(): string;
	stop(): Promise<void>;
}

/**
 * Runs `node --import tsx <script>` from the project root; the script prints {"port": N} on stdout
 * once it listens (bench/baseline-server.ts, bench/collab-reference-server.ts).
 */
export async function spawnHelper(script: string, env: Record<string, string> = {}): Promise<HelperServer> {
	const child = spawn(process.execPath, ['--import', 'tsx', script], {
		cwd: ROOT,
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
	const port = await new Promise<number>((resolve, reject) => {
		child.stdout!.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const m = /\{"port":(\d+)\}/.exec(out);
			if (m) resolve(Number(m[1]));
		});
		child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
		void exited.then((code) => reject(new Error(`${script} exited with ${code}:\n${out}`)));
	});
	return {
		port,
		child,
		output: () => out,
		async stop() {
			if (child.exitCode !== null) return;
			child.kill('SIGTERM');
			const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
			await exited;
			clearTimeout(t);
		}
	};
}

/** "Machine: …" and "Load average …" lines: figures from a busy machine must say so. */
export function machineLines(loadAtStart: number[]): string[] {
	const cpus = os.cpus();
	return [
		`Machine: ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ` +
			`${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`,
		`Load average (1/5/15 min) at start: ${loadAtStart.map((l) => l.toFixed(2)).join(' / ')}, ` +
			`at end: ${os
				.loadavg()
				.map((l) => l.toFixed(2))
				.join(' / ')}`
	];
}
