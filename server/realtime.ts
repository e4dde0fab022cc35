/**
 * Realtime wiring on the one HTTP server: socket.io on /socket.io and the Yjs endpoint on
 * /yjs/<document>, with `upgrade` routed by path (see ARCHITECTURE.md, "Known traps").
 */
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { createCollab, type Collab } from '../src/lib/server/collab/yjs-server.ts';
import { attachLive, liveKeys, type LiveServer } from '../src/lib/server/realtime/live.ts';
import { watchAccess } from '../src/lib/server/realtime/access-watch.ts';
import { controlTarget, sessionIdOf } from '../src/lib/server/realtime/bus.ts';
import { createLimits, type Limits } from '../src/lib/server/limits.ts';
import { accessKeys, credentialsFromHeaders } from '../src/lib/server/services/auth.ts';
import { actorLabel, documentAccess, principalKey } from '../src/lib/domain/access.ts';
import { parse as parseCookie } from 'cookie';
import type { Core } from './core.ts';

/**
 * socket.io messages are small commands; anything bigger is abuse. engine.io applies it to HTTP
 * long-polling bodies and, as the `ws` maxPayload, to websocket frames (checked in floods.test).
 */
const SOCKET_MAX_BYTES = 64 * 1024;
/** y-protocols message types (first varint of a /yjs message). */
const YJS_SYNC = 0;
const YJS_AWARENESS = 1;
const YJS_SYNC_UPDATE = 2;
/** A task board's whole state fits easily; a bigger single message is abuse. */
const YJS_MAX_BYTES = 1024 * 1024;

export interface Realtime {
	io: LiveServer;
	collab: Collab;
	close(): Promise<void>;
}

export function attachRealtime(
	httpServer: HttpServer,
	core: Core,
	opts: { dev: boolean; limits?: Limits }
): Realtime {
	// One process: counters in memory. Several: back createLimits with Redis (see limits.ts).
	const limits = opts.limits ?? createLimits({ store: 'memory' });
	const cfg = core.config.limits;
	const io: LiveServer = new Server(httpServer, {
		path: '/socket.io',
		serveClient: false,
		maxHttpBufferSize: SOCKET_MAX_BYTES,
		// We route upgrades ourselves: engine.io would otherwise destroy every upgrade it does not
		// own after 1 s — the Yjs endpoint's and, in dev, Vite's HMR socket.
		destroyUpgrade: false,
		pingInterval: 10_000,
		pingTimeout: 10_000
	});
	const { live, auth } = core.services;
	const detachLive = attachLive(io, {
		live,
		auth,
		bus: core.bus,
		logger: core.logger,
		limits: {
			limits,
			maxConnectionsPerAccount: cfg.maxConnectionsPerAccount,
			maxConnectionsPerKiosk: cfg.maxConnectionsPerKiosk,
			eventsPer10s: cfg.socketEventsPer10s,
			resumesPer10s: cfg.liveResumesPer10s
		}
	});
	const yjsSlots = limits.slots('yjs');
	const yjsMessages = limits.rate('yjs:messages', cfg.yjsMessagesPer10s, 10);
	const yjsAwareness = limits.rate('yjs:awareness', cfg.yjsAwarenessPer10s, 10);
	const collab = createCollab({
		logger: core.logger,
		maxMessageBytes: YJS_MAX_BYTES,
		// A tablet whose network died sends no goodbye: a 10 s ping drops it (and its presence) within 20 s.
		pingIntervalMs: 10_000,
		// Boards are durable: an update log appended within ~50 ms, compacted into snapshots.
		persistence: core.services.boards.persistence,
		// Per connection: a message rate, and a tighter one for presence. An edit (not an open
		// socket, not presence) counts as the session's activity, like an HTTP request.
		admit: async (conn, message) => {
			const id = String(conn.id);
			if (!(await yjsMessages.take(id))) return false;
			if (message[0] === YJS_AWARENESS && !(await yjsAwareness.take(id))) return false;
			if (message[0] === YJS_SYNC && message[1] === YJS_SYNC_UPDATE) {
				const session = conn.tags.map(sessionIdOf).find((id) => id !== null);
				if (session) void core.services.accounts.touchSession(session).catch(() => {});
			}
			return true;
		},
		// Session cookie, kiosk cookie, or ?token= (an API or kiosk token) — then per-document access.
		authorize: async (req, docName) => {
			const token = new URL(req.url ?? '/', 'http://x').searchParams.get('token');
			const a = await auth.authenticate(credentialsFromHeaders(req.headers, parseCookie, token));
			// A one-time password opens the change-password page and nothing else.
			if (!a.principal || a.mustChangePassword) return null;
			const access = documentAccess(a.principal, docName);
			// Only boards that exist: no one, not even an admin, makes stored documents outside them.
			if (!access || !(await core.services.boards.exists(docName))) return null;
			const key = principalKey(a.principal);
			const max = a.principal.kind === 'kiosk' ? cfg.maxConnectionsPerKiosk : cfg.maxConnectionsPerAccount;
			if (!(await yjsSlots.acquire(key, max))) return null;
			return {
				readOnly: access === 'read',
				tags: accessKeys(a),
				actor: actorLabel(a.principal),
				onClose: () => void yjsSlots.release(key).catch(() => {})
			};
		}
	});
	const offControl = core.bus.subscribeControl((msg) => {
		const { key, reason } = controlTarget(msg);
		collab.closeTagged(key, reason);
	});
	// Sessions that end by themselves (idle, too old) and tokens revoked elsewhere.
	const stopWatch = watchAccess({
		auth,
		bus: core.bus,
		openKeys: () => [...liveKeys(io), ...collab.openTags()],
		everyMs: core.config.accessRecheckMs,
		logger: core.logger
	});

	const onUpgrade = (req: import('node:http').IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => {
		if (collab.handleUpgrade(req, socket, head)) return;
		if ((req.url ?? '').startsWith('/socket.io/')) return; // engine.io's own listener answers
		if (opts.dev) return; // Vite's HMR socket answers its own upgrades
		socket.destroy();
	};
	httpServer.on('upgrade', onUpgrade);

	return {
		io,
		collab,
		async close() {
			httpServer.off('upgrade', onUpgrade);
			detachLive();
			offControl();
			stopWatch();
			// Close transports without a socket.io "disconnect" packet: clients then see a transport
			// close and reconnect by themselves (after a server-side disconnect they would not).
			// io.close() would also close the HTTP server, which the owner of the server does.
			io.engine.close();
			await collab.close();
		}
	};
}
