/**
 * Runs once before the browser tests: refuses to start without a Chromium (never a silent skip)
 * and rebuilds the app when its sources are newer than build/, so a stale build is never tested.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../fixtures/spawn-server.ts';

export default function globalSetup(): void {
	const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
	if (!existsSync(chromium)) {
		throw new Error(`Chromium not found at ${chromium}: apt-get install -y chromium, or set CHROMIUM_PATH`);
	}
	const r = spawnSync(process.execPath, [path.join(ROOT, 'server/ensure-build.mjs')], { cwd: ROOT, stdio: 'inherit' });
	if (r.status !== 0) throw new Error(`node server/ensure-build.mjs failed (exit ${r.status ?? r.signal}); see above`);
}
