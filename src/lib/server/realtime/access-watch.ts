/**
 * Access ends by itself too: a session goes idle or reaches its maximum age, a token is revoked by
 * another process. Every few seconds the tags of this process's open live connections (socket.io
 * and /yjs) are checked in one go (auth.endedAccess: three indexed queries, no activity written)
 * and each ended one is published on the bus, which cuts its connections wherever they are.
 */
import type { Logger } from 'pino';
import type { AuthService } from '../services/auth.ts';
import { sessionIdOf, type EventBus } from './bus.ts';

export function watchAccess(deps: {
	auth: Pick<AuthService, 'endedAccess'>;
	bus: EventBus;
	/** Tags of the open connections (duplicates allowed). */
	openKeys: () => Iterable<string>;
	everyMs: number;
	logger: Logger;
}): () => void {
	let running = false;
	const timer = setInterval(async () => {
		if (running) return; // a slow database: skip a beat rather than pile up checks
		running = true;
		try {
			const keys = [...new Set(deps.openKeys())];
			if (!keys.length) return;
			for (const key of await deps.auth.endedAccess(keys)) {
				if (sessionIdOf(key) !== null) deps.bus.publishControl({ type: 'session:ended', sessionKey: key, reason: 'expired' });
				else deps.bus.publishControl({ type: 'access:revoked', principalKey: key, reason: 'revoked' });
			}
		} catch (err) {
			deps.logger.error({ err }, 'access re-check failed');
		} finally {
			running = false;
		}
	}, deps.everyMs);
	timer.unref();
	return () => clearInterval(timer);
}
