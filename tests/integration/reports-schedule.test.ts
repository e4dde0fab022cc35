/**
 * The report schedule on real server processes, with a schedule seconds apart (REPORT_SLOTS with
 * seconds) instead of waiting for 06:00: a report appears at its slot; a server stopped over a
 * slot makes it late at restart; two processes on one PostgreSQL database make each slot once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { formatTime } from '../../src/lib/domain/time.ts';
import type { ReportSummary, ReportView } from '../../src/lib/contracts/reports.ts';
import { createPostgresDatabase } from '../fixtures/db.ts';
import { signInCookie, spawnServer, type SpawnedServer } from '../fixtures/spawn-server.ts';

/** A local (Asia/Ho_Chi_Minh) time of day `seconds` from now, HH:mm:ss. */
const slotIn = (seconds: number) => formatTime(new Date(Date.now() + seconds * 1000), true);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function reports(url: string, cookie: string): Promise<ReportSummary[]> {
	const res = await fetch(`${url}/api/reports`, { headers: { cookie } });
	if (res.status !== 200) throw new Error(`GET /api/reports: ${res.status} ${await res.text()}`);
	return (await res.json()) as ReportSummary[];
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms: number, output: () => string): Promise<T> {
	const end = Date.now() + ms;
	for (;;) {
		const v = await probe();
		if (v !== undefined) return v;
		if (Date.now() > end) throw new Error(`${what} did not happen within ${ms} ms. Server output:\n${output()}`);
		await sleep(250);
	}
}

const started: SpawnedServer[] = [];
afterAll(async () => {
	for (const s of started) {
		await s.stop().catch(() => {});
		await s.cleanup().catch(() => {});
	}
});

describe('report schedule (PGlite, one process)', () => {
	it('a report appears at its slot; a server stopped over the next slot makes it late at restart, as of the slot', async () => {
		// Slot A once the server is up; slot B 8 s later, while the server is stopped. A start slower
		// than the margin (a loaded machine) would miss A: then start again with a wider margin.
		let a = '';
		let b = '';
		let env: Record<string, string> = {};
		let first: SpawnedServer | null = null;
		for (let margin = 20; !first; margin *= 2) {
			const slotA = Date.now() + margin * 1000;
			a = slotIn(margin);
			b = slotIn(margin + 8);
			env = { REPORT_SLOTS: `${a},${b}` };
			const s = await spawnServer({ env });
			started.push(s);
			if (Date.now() < slotA - 1000) first = s;
			else if (margin >= 80) throw new Error(`the server takes more than ${margin} s to start:\n${s.output()}`);
			else await s.stop();
		}
		const cookie = await signInCookie(first.url);
		const onTime = await waitFor(
			'the report at slot A',
			async () => (await reports(first.url, cookie)).find((r) => r.kind === 'scheduled'),
			45_000,
			first.output
		);
		expect(onTime.late).toBe(false);
		expect(formatTime(new Date(onTime.slotAt!), true)).toBe(a);
		const full = (await (await fetch(`${first.url}/api/reports/${onTime.id}`, { headers: { cookie } })).json()) as ReportView;
		expect(full.content.wards).toHaveLength(14);

		// Stop before B; start again after B on the same data directory.
		expect(await first.stop()).toBe(0);
		const waitUntilB = new Date(onTime.slotAt!).getTime() + 8_000 + 1500 - Date.now();
		if (waitUntilB > 0) await sleep(waitUntilB);
		const second = await spawnServer({ env, dataDir: first.dataDir });
		started.push(second);
		const cookie2 = await signInCookie(second.url);
		const late = await waitFor(
			'the late report for slot B',
			async () => (await reports(second.url, cookie2)).find((r) => r.kind === 'scheduled' && r.slotAt !== onTime.slotAt),
			45_000,
			second.output
		);
		expect(late.late).toBe(true);
		expect(formatTime(new Date(late.slotAt!), true)).toBe(b);
		expect(late.asOf).toBe(late.slotAt);
		expect(new Date(late.generatedAt).getTime()).toBeGreaterThan(new Date(late.slotAt!).getTime());
		expect(second.output()).toMatch(/late situation report generated/);
		// and only those two
		expect((await reports(second.url, cookie2)).filter((r) => r.kind === 'scheduled')).toHaveLength(2);
	}, 240_000);
});

// Several processes share only PostgreSQL (PGlite is one process per data directory): this part
// exists when TEST_DATABASE_URL is set, like every PostgreSQL variant (CI always sets it).
if (process.env.TEST_DATABASE_URL)
	describe('report schedule (PostgreSQL, two processes)', () => {
		it('two servers on one database racing for the same slot make one report', async () => {
			const pg = await createPostgresDatabase();
			try {
				const env = { DATABASE_URL: pg.url, REPORT_SLOTS: slotIn(30) };
				const [one, two] = await Promise.all([spawnServer({ env }), spawnServer({ env })]);
				started.push(one!, two!);
				const cookie = await signInCookie(one!.url);
				const report = await waitFor(
					'the report at the slot',
					async () => (await reports(one!.url, cookie)).find((r) => r.kind === 'scheduled'),
					60_000,
					() => one!.output() + two!.output()
				);
				// Give the slower process time to finish its attempt, then count.
				await sleep(2000);
				const all = (await reports(two!.url, await signInCookie(two!.url))).filter((r) => r.kind === 'scheduled');
				expect(all.map((r) => r.id)).toEqual([report.id]);
				const generated = [one!, two!].filter((s) => /"msg":"situation report generated"/.test(s.output()));
				expect(generated).toHaveLength(1);
				await one!.stop();
				await two!.stop();
			} finally {
				await pg.drop();
			}
		}, 150_000);
	});
