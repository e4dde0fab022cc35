// Builds the SvelteKit app when build/ is missing or older than its sources, so that
// `npm install && npm start` works on a fresh clone and a pulled change is never served stale.
// Plain .mjs: it must run before anything is built or transpiled.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'build', 'handler.js');
const inputs = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];

function newest(p) {
	if (!existsSync(p)) return 0;
	const s = statSync(p);
	if (!s.isDirectory()) return s.mtimeMs;
	let m = s.mtimeMs;
	for (const name of readdirSync(p)) m = Math.max(m, newest(path.join(p, name)));
	return m;
}

const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const source = Math.max(...inputs.map((i) => newest(path.join(root, i))));
if (built >= source) process.exit(0);

console.log(built ? 'Sources changed: rebuilding the app…' : 'Building the app (first start, about a minute)…');
const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) {
	console.error('The build failed; see above.');
	process.exit(r.status ?? 1);
}
