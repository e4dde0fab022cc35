/**
 * Runs once before the browser tests: refuses to start without a Chromium (never a silent skip)
 * and rebuilds the app when its sources are newer than build/, so a stale build is never tested.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { requireChromium } from '../fixtures/chromium.ts';
import { ROOT } from '../fixtures/spawn-server.ts';

export default function globalSetup(): void {
	requireChromium();
	const r = spawnSync(process.execPath, [path.join(ROOT, 'server/ensure-build.mjs')], { cwd: ROOT, stdio: 'inherit' });
	if (r.status !== 0) throw new Error(`node server/ensure-build.mjs failed (exit ${r.status ?? r.signal}); see above`);
}
