/**
 * `npm run dev`: the same core and realtime wiring as production, attached to Vite's own HTTP
 * server so dev and production share one code path.
 */
import type { Plugin } from 'vite';
import { setRuntime } from '../src/lib/server/registry.ts';
import { loadConfig } from './config.ts';
import { createCore, type Core } from './core.ts';
import { attachRealtime, type Realtime } from './realtime.ts';
import { startScheduler } from './scheduler.ts';

/** Vite re-runs configureServer on config changes: the previous runtime must close first. */
const DEV_KEY = Symbol.for('command-post.dev');
type DevHolder = { [DEV_KEY]?: { close(): Promise<void> } };

export function commandPostDev(): Plugin {
	return {
		name: 'command-post-dev',
		apply: 'serve',
		async configureServer(server) {
			// vitest also starts a Vite server (mode "test"): it must not open the database.
			if (server.config.mode === 'test' || !server.httpServer) return;
			const holder = globalThis as DevHolder;
			await holder[DEV_KEY]?.close();
			const core: Core = await createCore(loadConfig());
			const realtime: Realtime = attachRealtime(server.httpServer as import('node:http').Server, core, { dev: true });
			setRuntime(core.runtime);
			const scheduler = startScheduler(core);
			let closed: Promise<void> | null = null;
			const close = () =>
				(closed ??= (async () => {
					await scheduler.stop();
					await realtime.close();
					await core.close();
					setRuntime(null);
				})());
			holder[DEV_KEY] = { close };
			server.httpServer.once('close', () => void close());
		}
	};
}
