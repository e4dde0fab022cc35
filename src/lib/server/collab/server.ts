/**
 * The collaboration endpoint on `/yjs/<document>`: takes an HTTP upgrade, parses the document's
 * name from the path, asks `authorize`, and hands the socket to a {@link Connection} on that
 * document of the registry (documents.ts). The wire is messages.ts; the contract is types.ts.
 *
 * What it guarantees: it takes only `/yjs` upgrades and leaves every other path to its caller
 * (socket.io and Vite's HMR share the HTTP server: ARCHITECTURE.md "Known traps"); it stays
 * synchronous until `handleUpgrade`, so a slow authorization never stalls the upgrade; revocation
 * (`closeTagged`) cuts connections off with a code on which the stock client does not reconnect;
 * `close()` stops everything new at once, then flushes every document before it returns.
 *
 * Persistence and authorization are injected through {@link CollabOptions} (the composition root
 * builds them), so the protocol core knows neither the database nor sessions. No `$lib` / `$app`
 * / `$env` imports: the plain `tsx`-run Node server (server/) imports this module too.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type * as Y from 'yjs';
import { WebSocketServer, WebSocket } from 'ws';
import { CLOSE_FORBIDDEN, CLOSE_GOING_AWAY } from './messages.ts';
import { createDocuments } from './documents.ts';
import { Connection } from './connection.ts';
import type { Collab, CollabAuthResult, CollabLogger, CollabOptions } from './types.ts';

/** URL prefix this endpoint owns. The provider connects to `serverUrl + '/' + room`. */
const PATH_PREFIX = '/yjs';

/**
 * Allowed (URL-decoded) document names. Starting with an alphanumeric rules out `.`/`..` and
 * hidden-file-like names; no `/` means the name can never address anything but one document; the
 * length cap keeps names usable as database keys.
 */
const DOC_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9:_.-]{0,127}$/;

const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
const DEFAULT_IDLE_UNLOAD_MS = 30_000;
const DEFAULT_PING_INTERVAL_MS = 30_000;

const noop = (): void => {};
const noopLogger: CollabLogger = { info: noop, warn: noop, error: noop };

/**
 * Parse an upgrade URL. Returns `null` when the path is not ours, `{ ok: false }` when it is ours
 * but the document name is invalid, else the decoded name. The query string is ignored because
 * y-websocket appends its `params` there (our authorize hook may still read it from `req.url`).
 */
function parseDocPath(rawUrl: string | undefined): null | { ok: false } | { ok: true; name: string } {
	const url = rawUrl ?? '';
	const q = url.indexOf('?');
	const path = q === -1 ? url : url.slice(0, q);
	if (path !== PATH_PREFIX && !path.startsWith(PATH_PREFIX + '/')) return null;
	const encoded = path.slice(PATH_PREFIX.length + 1);
	let name: string;
	try {
		name = decodeURIComponent(encoded);
	} catch {
		return { ok: false }; // malformed %-escape
	}
	return DOC_NAME_PATTERN.test(name) ? { ok: true, name } : { ok: false };
}

/** Answer a raw upgrade socket with a bodyless HTTP error and drop it. */
function rejectUpgrade(socket: Duplex, status: number, text: string): void {
	if (!socket.destroyed && socket.writable) {
		socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
	}
	socket.destroy();
}

function isPromiseLike<T>(v: unknown): v is PromiseLike<T> {
	return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

/**
 * Create the collaboration endpoint. Wire it into an HTTP server with
 * `server.on('upgrade', (req, socket, head) => { if (!collab.handleUpgrade(req, socket, head)) … })`.
 */
export function createCollab(opts: CollabOptions = {}): Collab {
	const maxMessageBytes = opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
	const pingIntervalMs = opts.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS;
	const log = opts.logger ?? noopLogger;
	const authorize = opts.authorize ?? ((): CollabAuthResult => ({ readOnly: false }));

	// noServer: we must only ever take /yjs upgrades. `{ server, path }` would make ws answer 400 to
	// every other upgrade on the same HTTP server (socket.io, Vite HMR).
	// maxPayload: ws itself closes oversized messages with 1009 before we ever see them.
	const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
	const conns = new Set<Connection>();
	let connSeq = 0;
	/** Set synchronously by close(); checked everywhere so nothing new starts during shutdown. */
	let closing = false;
	let closePromise: Promise<void> | null = null;

	const documents = createDocuments<Connection>({
		persistence: opts.persistence ?? null,
		validate: opts.validate ?? null,
		maxUpdateBytes: opts.maxUpdateBytes ?? Infinity,
		maxDocBytes: opts.maxDocBytes ?? Infinity,
		idleUnloadMs: opts.idleUnloadMs ?? DEFAULT_IDLE_UNLOAD_MS,
		log,
		closing: () => closing
	});
	const context = {
		log,
		admit: opts.admit,
		// Bound on what one not-yet-ready connection may make us buffer (slow auth or slow load). A
		// legitimate client sends only syncStep1, its awareness and small live edits in that window.
		maxPendingBytes: maxMessageBytes * 4,
		documents,
		closing: () => closing,
		forget: (conn: Connection) => void conns.delete(conn)
	};

	// One timer for all connections instead of one per connection. Unref'd: the HTTP server is
	// what keeps the process alive; this must not prevent a clean exit.
	const pingTimer = setInterval(() => {
		for (const conn of conns) conn.heartbeat();
	}, pingIntervalMs);
	pingTimer.unref();

	function onConnection(ws: WebSocket, docName: string, auth: Promise<CollabAuthResult> | CollabAuthResult): void {
		const conn = new Connection(ws, docName, ++connSeq, context);
		conns.add(conn);
		if (closing) {
			ws.close(CLOSE_GOING_AWAY, 'server shutting down');
			return;
		}
		void conn.start(auth);
	}

	function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
		const parsed = parseDocPath(req.url);
		if (parsed === null) return false;
		if (!parsed.ok) {
			rejectUpgrade(socket, 400, 'Bad Request');
			return true;
		}
		if (closing) {
			rejectUpgrade(socket, 503, 'Service Unavailable');
			return true;
		}
		const docName = parsed.name;
		let auth: Promise<CollabAuthResult> | CollabAuthResult;
		try {
			auth = authorize(req, docName);
		} catch (err) {
			log.error({ err, doc: docName }, 'yjs: authorize threw');
			rejectUpgrade(socket, 500, 'Internal Server Error');
			return true;
		}
		if (isPromiseLike<CollabAuthResult>(auth)) {
			// Async decision: establish the websocket right away (an upgrade request must not hang on
			// a database round trip) and decide in Connection.start(), closing with 4403 if refused.
			const authPromise = Promise.resolve(auth);
			authPromise.catch(noop); // handled in start(); avoid an unhandled rejection meanwhile
			wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, docName, authPromise));
			return true;
		}
		if (auth === null) {
			rejectUpgrade(socket, 403, 'Forbidden');
			return true;
		}
		const result = auth;
		wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, docName, result));
		return true;
	}

	function getDoc(name: string): Y.Doc {
		if (!DOC_NAME_PATTERN.test(name)) throw new TypeError(`invalid document name: ${name}`);
		if (closing) throw new Error('collab endpoint is closed');
		const entry = documents.acquire(name);
		// Without connections nothing would ever unload it; treat it as idle from now on.
		documents.scheduleUnload(entry);
		return entry.doc;
	}

	async function loadDoc(name: string): Promise<Y.Doc> {
		const doc = getDoc(name);
		const entry = documents.get(name);
		if (entry) await entry.ready;
		return doc;
	}

	async function shutdown(): Promise<void> {
		clearInterval(pingTimer);
		const sockets = Array.from(conns);
		const socketsClosed = Promise.all(
			sockets.map(
				(conn) =>
					new Promise<void>((resolve) => {
						if (conn.ws.readyState === WebSocket.CLOSED) resolve();
						else conn.ws.once('close', () => resolve());
					})
			)
		);
		for (const conn of sockets) {
			conn.close(CLOSE_GOING_AWAY, 'server shutting down');
			// Detach now rather than on the 'close' event, which waits for the peer's close frame.
			conn.detach();
		}
		await documents.closeAll();
		// Peers that do not answer the close handshake promptly are cut off.
		let timer: ReturnType<typeof setTimeout> | undefined;
		await Promise.race([
			socketsClosed,
			new Promise<void>((resolve) => {
				timer = setTimeout(resolve, 1000);
			})
		]);
		clearTimeout(timer);
		for (const conn of sockets) {
			if (conn.ws.readyState !== WebSocket.CLOSED) conn.ws.terminate();
		}
		await new Promise<void>((resolve) => wss.close(() => resolve()));
	}

	return {
		handleUpgrade,
		loadedDocs: () => documents.names(),
		getDoc,
		loadDoc,
		closeTagged(tag, reason = 'access revoked') {
			let n = 0;
			for (const conn of Array.from(conns)) {
				if (!conn.info.tags.includes(tag) || conn.closed) continue;
				conn.close(CLOSE_FORBIDDEN, reason);
				conn.detach();
				n++;
			}
			return n;
		},
		openTags() {
			return Array.from(conns, (c) => c.info.tags).flat();
		},
		close() {
			if (!closePromise) {
				closing = true;
				closePromise = shutdown();
			}
			return closePromise;
		}
	};
}
