/**
 * Realtime wiring on the one HTTP server: socket.io on /socket.io and the Yjs endpoint on
 * /yjs/<document>, with `upgrade` routed by path (see ARCHITECTURE.md, "Known traps").
 *
 * Wiring only: authentication, connection slots and rate limits are attached here; which board a
 * principal may open, and which edits it may make, the boards service decides (accessFor,
 * checkUpdate); the documents' storage comes from the composition root (core.collabStorage).
 */
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { createCollab } from '../src/lib/server/collab/server.ts';
import type { Collab } from '../src/lib/server/collab/types.ts';
import { attachLive, liveKeys, type LiveServer } from '../src/lib/server/realtime/live.ts';
import { watchAccess } from '../src/lib/server/realtime/access-watch.ts';
import { controlTarget, sessionIdOf } from '../src/lib/server/realtime/bus.ts';
import { createLimits, type Limits } from '../src/lib/server/limits.ts';
import { accessKeys, credentialsFromHeaders } from '../src/lib/server/services/auth.ts';
import { actorLabel, principalKey } from '../src/lib/domain/access.ts';
import { BOARD_LIMITS } from '../src/lib/domain/board-guard.ts';
import type { Principal } from '../src/lib/domain/access.ts';
import { parse as parseCookie } from 'cookie';
import { CROSS_SITE_REFUSAL, credentialKind, crossSiteVerdict, type CrossSiteVerdict } from '../src/lib/server/auth/cross-site.ts';
import type { Core } from './core.ts';
import { requestOrigin } from './origin.ts';

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

export function attachRealtime(httpServer: HttpServer, core: Core, opts: { dev: boolean; limits?: Limits }): Realtime {
	// One process: counters in memory. Several: back createLimits with Redis (see limits.ts).
	const limits = opts.limits ?? createLimits({ store: 'memory' });
	const cfg = core.config.limits;
	/**
	 * Cross-site WebSocket hijacking: a handshake that carries our cookie must come from one of our
	 * origins (a page on another port of this host is another origin). `?token=` / Bearer clients
	 * (other systems) may connect from anywhere. Same rule as HTTP writes (src/hooks.server.ts).
	 */
	const judged = new WeakMap<import('node:http').IncomingMessage, CrossSiteVerdict>();
	const upgradeVerdict = (req: import('node:http').IncomingMessage): CrossSiteVerdict => {
		const earlier = judged.get(req);
		if (earlier) return earlier;
		// `?token=` is a credential only where it is used: the Yjs endpoint (authorize, below, lets a
		// token win over the cookie). socket.io reads its token from the CONNECT packet, which a
		// hijacking page writes itself: there a `?token=` in the URL would wave the cookie through.
		const url = new URL(req.url ?? '/', 'http://x');
		const token = url.pathname.startsWith('/socket.io/') ? null : url.searchParams.get('token');
		const verdict = crossSiteVerdict({
			kind: 'upgrade',
			method: req.method ?? 'GET',
			credential: credentialKind(credentialsFromHeaders(req.headers, parseCookie, token)),
			origin: typeof req.headers.origin === 'string' ? req.headers.origin : null,
			secFetchSite: typeof req.headers['sec-fetch-site'] === 'string' ? req.headers['sec-fetch-site'] : null,
			ownOrigin: requestOrigin(req, core.config.trustProxy),
			allowedOrigins: core.config.allowedOrigins
		});
		judged.set(req, verdict);
		if (!verdict.ok)
			core.logger.warn({ origin: req.headers.origin, path: (req.url ?? '').split('?')[0], reason: verdict.reason }, 'cross-site handshake refused');
		return verdict;
	};
	const io: LiveServer = new Server(httpServer, {
		path: '/socket.io',
		serveClient: false,
		maxHttpBufferSize: SOCKET_MAX_BYTES,
		// We route upgrades ourselves: engine.io would otherwise destroy every upgrade it does not
		// own after 1 s — the Yjs endpoint's and, in dev, Vite's HMR socket.
		destroyUpgrade: false,
		pingInterval: 10_000,
		pingTimeout: 10_000,
		// Every new engine.io session: the polling handshake is answered 403 when cross-site (a
		// websocket handshake was already answered 403 by onUpgrade, which runs first).
		allowRequest: (req, callback) => {
			const verdict = upgradeVerdict(req);
			callback(verdict.ok ? null : CROSS_SITE_REFUSAL.messageEn, verdict.ok);
		}
	});
	const { live, auth, boards } = core.services;
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
		persistence: core.collabStorage,
		// The board's rules, on a shadow copy before anything is applied, relayed or stored: the
		// boards service decides (docs/collab-validation.md); scope is the principal (authorize).
		maxUpdateBytes: BOARD_LIMITS.updateBytes,
		maxDocBytes: core.config.boardMaxBytes,
		validate: ({ docName, doc, transaction, scope }) => boards.checkUpdate(scope as Principal, docName, doc, transaction),
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
			// The boards service decides: only boards that exist, as the principal may see them.
			const access = await boards.accessFor(a.principal, docName);
			if (!access) return null;
			const key = principalKey(a.principal);
			const max = a.principal.kind === 'kiosk' ? cfg.maxConnectionsPerKiosk : cfg.maxConnectionsPerAccount;
			if (!(await yjsSlots.acquire(key, max))) return null;
			const actor = actorLabel(a.principal);
			// Presence is stamped with who this really is (collab/connection.ts applyAwareness), never what the client says.
			const presence = { key, name: actor.name, role: a.principal.kind === 'user' ? a.principal.role : a.principal.kind };
			return {
				readOnly: access === 'read',
				tags: accessKeys(a),
				actor,
				presence,
				scope: a.principal,
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
		// Every upgrade (/yjs, /socket.io, Vite's HMR in dev) is judged here, before anything else:
		// this listener is prepended, so engine.io's own (which can only answer 400) finds the
		// socket already answered and closed.
		if (!upgradeVerdict(req).ok) {
			const body = JSON.stringify(CROSS_SITE_REFUSAL);
			socket.end(
				`HTTP/1.1 403 Forbidden\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
				() => socket.destroy()
			);
			return;
		}
		if (collab.handleUpgrade(req, socket, head)) return;
		if ((req.url ?? '').startsWith('/socket.io/')) return; // engine.io's own listener answers
		if (opts.dev) return; // Vite's HMR socket answers its own upgrades
		socket.destroy();
	};
	httpServer.prependListener('upgrade', onUpgrade);

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
