/**
 * The one place SvelteKit finds the process's runtime (services, logger), set by the composition
 * root in server/. It lives on globalThis under a Symbol.for key because the SvelteKit bundle,
 * Vite's SSR graph and the tsx-run server each load their own copy of this module.
 */
import type { Logger } from 'pino';
import type { Services } from './services/index.ts';

export interface Runtime {
	services: Services;
	logger: Logger;
	/** Origins that are this server besides the request's own (ORIGIN, ALLOWED_ORIGINS), normalised. */
	allowedOrigins: readonly string[];
}

const KEY = Symbol.for('command-post.runtime');
type Holder = { [KEY]?: Runtime | null };

export function setRuntime(runtime: Runtime | null): void {
	(globalThis as Holder)[KEY] = runtime;
}

export function getRuntime(): Runtime {
	const r = (globalThis as Holder)[KEY];
	if (!r) {
		throw new Error('Command Post runtime is not initialised: start the app with `npm start` or `npm run dev`.');
	}
	return r;
}
