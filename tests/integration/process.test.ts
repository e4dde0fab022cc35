/**
 * The production process as `npm start` runs it: start, refuse a second opener of the same
 * PGlite directory, shut down cleanly on SIGTERM, keep data across restarts, fail fast on bad config.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { signInCookie, spawnServer, type SpawnedServer } from '../fixtures/spawn-server.ts';
import { reportBody } from '../fixtures/db.ts';

describe('the server process', () => {
	const started: SpawnedServer[] = [];
	afterAll(async () => {
		for (const s of started) {
			await s.kill();
			await s.cleanup();
		}
	});

	it('serves, refuses a second process on the same DATA_DIR, stops cleanly on SIGTERM and keeps its data', async () => {
		const first = await spawnServer();
		started.push(first);
		const health = await (await fetch(`${first.url}/api/health`)).json();
		expect(health).toEqual({ status: 'ok', database: 'pglite' });
		const cookie = await signInCookie(first.url);
		const posted = await fetch(`${first.url}/api/wards/dien-bien/case-reports`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify(reportBody({ f0Active: 4242 }))
		});
		expect(posted.status).toBe(201);

		// PGlite allows one process per data directory: a second one must refuse, clearly.
		await expect(spawnServer({ dataDir: first.dataDir, startTimeoutMs: 30_000 })).rejects.toThrow(/in use by another Command Post process/);

		expect(await first.stop()).toBe(0);
		expect(first.output()).toContain('shut down cleanly');

		const second = await spawnServer({ dataDir: first.dataDir });
		started.push(second);
		// The session survives the restart too: it lives in the database.
		const wards = (await (await fetch(`${second.url}/api/wards`, { headers: { cookie } })).json()) as Array<{ code: string; f0Active: number | null }>;
		expect(wards.find((w) => w.code === 'dien-bien')?.f0Active).toBe(4242);
		expect(await second.stop()).toBe(0);
	});

	it('fails fast with a message naming the bad variable', async () => {
		await expect(spawnServer({ env: { DATABASE_URL: 'mysql://nope' }, startTimeoutMs: 30_000 })).rejects.toThrow(/DATABASE_URL is not a postgres:\/\/ URL/);
		await expect(spawnServer({ env: { DISTRICT_FILE: 'package.json' }, startTimeoutMs: 30_000 })).rejects.toThrow(/not a valid district definition/);
	});
});
