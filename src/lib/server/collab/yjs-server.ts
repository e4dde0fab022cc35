/**
 * Yjs collaboration endpoint speaking the plain y-websocket protocol.
 *
 * Wire format (identical to what the stock `y-websocket` v3 `WebsocketProvider` speaks, and to the
 * reference server in `@y/websocket-server`): every binary frame starts with a varUint message type:
 *   0 = sync       (followed by a y-protocols/sync message: step1 | step2 | update)
 *   1 = awareness  (followed by a varUint8Array awareness update)
 *   2 = auth       (server → client only; the client merely logs "permission denied")
 *   3 = query awareness (client asks for every known awareness state)
 * The document name is NOT part of a message; it is the last path segment of the websocket URL
 * (`/yjs/<document>`), which is why one connection maps to exactly one document.
 *
 * This module deliberately has no `$lib` / `$app` / `$env` imports: it is imported both by
 * SvelteKit code and by the plain `tsx`-run Node server (server/index.ts), where those aliases do
 * not exist.
 *
 * Persistence and authorization are injected through {@link CollabOptions} so that the PostgreSQL
 * persistence and the session-based authorization can be added without touching the protocol core.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { WebSocketServer, WebSocket, type RawData } from 'ws';

/** Top-level message types of the y-websocket protocol (see module comment). */
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
const MESSAGE_QUERY_AWARENESS = 3;

/** URL prefix this endpoint owns. The provider connects to `serverUrl + '/' + room`. */
const PATH_PREFIX = '/yjs';

/**
 * Allowed (URL-decoded) document names. Starting with an alphanumeric rules out `.`/`..` and
 * hidden-file-like names; no `/` means the name can never address anything but one document; the
 * length cap keeps names usable as database keys.
 */
export const DOC_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9:_.-]{0,127}$/;

const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
const DEFAULT_IDLE_UNLOAD_MS = 30_000;
const DEFAULT_PING_INTERVAL_MS = 30_000;

/** Close codes used by this server. 4400-4499 tells the stock client NOT to reconnect. */
const CLOSE_GOING_AWAY = 1001;
const CLOSE_UNSUPPORTED_DATA = 1003;
const CLOSE_INVALID_PAYLOAD = 1007;
const CLOSE_INTERNAL_ERROR = 1011;
const CLOSE_TRY_AGAIN_LATER = 1013;
const CLOSE_FORBIDDEN = 4403;
/** Policy violation (a flood): the stock client reconnects after its backoff, under the same limits. */
const CLOSE_POLICY = 1008;

/** Logger shape compatible with pino (`logger.warn(obj, msg)`) and with `console`. */
export interface CollabLogger {
	info: (...a: unknown[]) => void;
	warn: (...a: unknown[]) => void;
	error: (...a: unknown[]) => void;
}

/** Who is behind a connection, as the audit log writes it. */
export interface CollabActor {
	kind: string;
	id: string | null;
	name: string;
}

/** Result of {@link CollabOptions.authorize}: `null` refuses the connection. */
export type CollabAuthResult = {
	readOnly: boolean;
	/**
	 * Who the connection belongs to (e.g. `user:<id>`, `session:<id>`), so {@link Collab.closeTagged}
	 * can cut it off on revocation by any of them.
	 */
	tags?: readonly string[];
	/** Called once when this connection closes, however it closes (e.g. to give back a connection slot). */
	onClose?: () => void;
	/** Who edits through it: persistence writes it next to the edits (see {@link actorOf}). */
	actor?: CollabActor;
} | null;

/** Marks connection objects, which are the transaction origin of the edits they bring. */
const ACTOR = Symbol('collab-actor');

/**
 * The actor behind a document update, given the update's transaction origin: the connection it
 * came through, or null for server-side edits and state loaded from storage.
 */
export function actorOf(origin: unknown): CollabActor | null {
	return typeof origin === 'object' && origin !== null && ACTOR in origin ? ((origin as { [ACTOR]: CollabActor | null })[ACTOR] ?? null) : null;
}

/**
 * Storage hook. Both methods receive the live `Y.Doc`.
 *
 * - `load` is awaited once, right after the document is created in memory and before any client
 *   message for it is processed (messages arriving meanwhile are buffered). It should apply the
 *   stored state, e.g. `Y.applyUpdate(doc, stored)`. If it throws, the document is NOT served
 *   (its connections are closed with 1011) and it is never flushed, so a failed read can never
 *   overwrite the stored state with an empty document.
 * - Edits arriving over a connection are applied with the connection as transaction origin;
 *   {@link actorOf} tells who made them.
 * - `flush` is awaited before an idle document is unloaded and for every loaded document on
 *   {@link Collab.close}. If it throws during idle unload, the document stays in memory and the
 *   unload is retried after another idle period (so unsaved edits are not dropped).
 */
export interface CollabPersistence {
	load(name: string, doc: Y.Doc): Promise<void>;
	flush(name: string, doc: Y.Doc): Promise<void>;
}

/** What {@link CollabOptions.admit} knows of a connection. `tags` are empty until it is authorized. */
export interface CollabConnInfo {
	/** Unique per connection in this process. */
	readonly id: number;
	readonly docName: string;
	readonly tags: readonly string[];
}

/** Options of {@link createCollab}. */
export interface CollabOptions {
	/**
	 * Flood guard: asked for every binary message as it arrives, before anything is done with it;
	 * `false` drops it and closes the connection with 1008. Messages keep their order while an
	 * (asynchronous) answer is awaited. A throw counts as `true`: a broken counter must not cut
	 * every editor off.
	 */
	admit?: (conn: CollabConnInfo, message: Uint8Array) => boolean | Promise<boolean>;
	/** Largest accepted websocket message in bytes; bigger messages close the connection with code 1009. Default 1 MiB. */
	maxMessageBytes?: number;
	/** Unload a document this many ms after its last connection closed. Default 30_000. */
	idleUnloadMs?: number;
	/** Interval of the keepalive ping; a connection that did not answer the previous ping is terminated. Default 30_000. */
	pingIntervalMs?: number;
	/** Optional logger with warn/info/error(obj|string, msg?) like pino; default no-op. */
	logger?: CollabLogger;
	/**
	 * Decide per connection; return `{ readOnly }` or `null` to refuse. Default: allow read-write.
	 * A synchronous `null` answers the upgrade with HTTP 403. If the result is a promise, the
	 * websocket is accepted first (so a slow check does not stall the HTTP upgrade) and closed
	 * with 4403 when refused; messages received meanwhile are buffered and never processed for a
	 * refused connection. Throwing / rejecting refuses with HTTP 500 / close 1011.
	 */
	authorize?: (
		req: IncomingMessage,
		docName: string
	) => Promise<CollabAuthResult> | CollabAuthResult;
	/** Optional storage hook, see {@link CollabPersistence}. Default: purely in-memory. */
	persistence?: CollabPersistence;
}

/** The collaboration endpoint returned by {@link createCollab}. */
export interface Collab {
	/**
	 * Offer an HTTP upgrade to the endpoint. Returns `true` when the path is `/yjs` or `/yjs/…` and
	 * the socket has been taken over (accepted, or answered with 400/403/500/503 and destroyed);
	 * `false` for any other path, in which case the caller must route or destroy the socket.
	 */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
	/** Names of documents currently held in memory (for tests/metrics). */
	loadedDocs(): string[];
	/**
	 * Get (loading if needed) the Y.Doc for a name — for server-side code and tests. Throws a
	 * `TypeError` for an invalid name. With persistence, the returned doc may still be loading; use
	 * {@link Collab.loadDoc} to wait. The doc is not pinned: if no client is connected it is
	 * unloaded (flushed and destroyed) after `idleUnloadMs`, like any other idle doc.
	 */
	getDoc(name: string): Y.Doc;
	/** Like {@link Collab.getDoc} but resolves once persistence has loaded the document. */
	loadDoc(name: string): Promise<Y.Doc>;
	/**
	 * Close every connection whose authorization carried `tag` (access revoked, session ended).
	 * Uses a 44xx code so the stock client does not reconnect. Returns how many were closed.
	 */
	closeTagged(tag: string, reason?: string): number;
	/** The tags of every open connection (one entry per tag per connection), e.g. to re-check access. */
	openTags(): string[];
	/** Close every connection (code 1001), flush and destroy every doc and awareness. Idempotent. */
	close(): Promise<void>;
}

/** Per-connection state. Also used as the transaction / awareness origin of its messages. */
interface Conn {
	readonly ws: WebSocket;
	readonly docName: string;
	/** Unknown until authorization finished; `true` until then so nothing can slip through. */
	readOnly: boolean;
	/** The authorization's tags (see CollabAuthResult), for revocation; also what admit sees. */
	readonly info: { id: number; docName: string; tags: readonly string[] };
	/** The authorization's onClose, called once. */
	onClosed: (() => void) | null;
	/** Messages waiting for admit's answer, in order. */
	admitted: Promise<void>;
	/** Who edits through this connection (see actorOf). */
	[ACTOR]: CollabActor | null;
	/** Set once the doc is loaded and the initial sync messages were sent. */
	ready: boolean;
	closed: boolean;
	/** Messages received before `ready`, processed in order once ready. */
	pending: Uint8Array[];
	pendingBytes: number;
	/** Attached document, once authorized. */
	entry: DocEntry | null;
	/** Awareness client ids announced over this connection; removed when it closes. */
	readonly awarenessIds: Set<number>;
	/** Keepalive flag: cleared on ping, set on pong. */
	alive: boolean;
	/** Warn only once per connection about dropped read-only edits, to avoid log floods. */
	warnedReadOnly: boolean;
}

/** One in-memory document and everything attached to it. */
interface DocEntry {
	readonly name: string;
	readonly doc: Y.Doc;
	readonly awareness: awarenessProtocol.Awareness;
	readonly conns: Set<Conn>;
	/** Resolves when persistence finished loading; rejects if it failed. */
	readonly ready: Promise<void>;
	loaded: boolean;
	/** Bumped on every acquire (connection or getDoc) so an in-flight unload can notice it. */
	generation: number;
	/** Bumped on every doc update so an unload can notice edits made during its flush. */
	version: number;
	unloadTimer: ReturnType<typeof setTimeout> | null;
	unloading: Promise<void> | null;
	destroyed: boolean;
}

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
		socket.write(
			`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`
		);
	}
	socket.destroy();
}

function isPromiseLike<T>(v: unknown): v is PromiseLike<T> {
	return (
		typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function'
	);
}

/** `ws` hands out Buffer (default binaryType), but be robust against the other RawData shapes. */
function toBytes(data: RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * Create the collaboration endpoint. Wire it into an HTTP server with
 * `server.on('upgrade', (req, socket, head) => { if (!collab.handleUpgrade(req, socket, head)) … })`.
 */
export function createCollab(opts: CollabOptions = {}): Collab {
	const maxMessageBytes = opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
	const idleUnloadMs = opts.idleUnloadMs ?? DEFAULT_IDLE_UNLOAD_MS;
	const pingIntervalMs = opts.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS;
	const log = opts.logger ?? noopLogger;
	const authorize = opts.authorize ?? ((): CollabAuthResult => ({ readOnly: false }));
	const persistence = opts.persistence ?? null;
	// Bound on what one not-yet-ready connection may make us buffer (slow auth or slow load). A
	// legitimate client sends only syncStep1, its awareness and small live edits in that window.
	const maxPendingBytes = maxMessageBytes * 4;

	// noServer: we must only ever take /yjs upgrades. `{ server, path }` would make ws answer 400 to
	// every other upgrade on the same HTTP server (socket.io, Vite HMR).
	// maxPayload: ws itself closes oversized messages with 1009 before we ever see them.
	const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
	const docs = new Map<string, DocEntry>();
	const conns = new Set<Conn>();
	const admit = opts.admit;
	let connSeq = 0;
	/** Set synchronously by close(); checked everywhere so nothing new starts during shutdown. */
	let closing = false;
	let closePromise: Promise<void> | null = null;

	// One timer for all connections instead of one per connection. Unref'd: the HTTP server is
	// what keeps the process alive; this must not prevent a clean exit.
	const pingTimer = setInterval(() => {
		for (const conn of conns) {
			if (!conn.alive) {
				// No pong since the last ping: the peer is gone (e.g. laptop lid closed) but TCP has not
				// noticed. terminate() fires 'close', which releases presence and the doc.
				conn.ws.terminate();
				continue;
			}
			conn.alive = false;
			try {
				conn.ws.ping();
			} catch {
				conn.ws.terminate();
			}
		}
	}, pingIntervalMs);
	pingTimer.unref();

	// ---------------------------------------------------------------------------------------------
	// Documents
	// ---------------------------------------------------------------------------------------------

	function send(conn: Conn, message: Uint8Array): void {
		if (conn.closed || conn.ws.readyState !== WebSocket.OPEN) return;
		conn.ws.send(message, (err) => {
			// A failed send means the socket is broken; closing lets the client resync on reconnect
			// instead of silently missing an update.
			if (err) {
				log.warn({ err, doc: conn.docName }, 'yjs: send failed, closing connection');
				conn.ws.terminate();
			}
		});
	}

	function broadcast(entry: DocEntry, message: Uint8Array, except: Conn | null): void {
		for (const conn of entry.conns) {
			// Not-ready connections are skipped on purpose: they will receive the full state in their
			// syncStep2 reply, which is computed only after they became ready.
			if (conn.ready && conn !== except) send(conn, message);
		}
	}

	function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
		encoding.writeVarUint8Array(
			encoder,
			awarenessProtocol.encodeAwarenessUpdate(awareness, clients)
		);
		return encoding.toUint8Array(encoder);
	}

	function createEntry(name: string): DocEntry {
		const doc = new Y.Doc({ gc: true });
		const awareness = new awarenessProtocol.Awareness(doc);
		// The Awareness constructor gives the local (server) client an empty state; clients would
		// show the server as a phantom peer. The server has no presence.
		awareness.setLocalState(null);

		const entry: DocEntry = {
			name,
			doc,
			awareness,
			conns: new Set(),
			ready: Promise.resolve(), // replaced below
			loaded: false,
			generation: 0,
			version: 0,
			unloadTimer: null,
			unloading: null,
			destroyed: false
		};

		doc.on('update', (update: Uint8Array, origin: unknown) => {
			entry.version++;
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			syncProtocol.writeUpdate(encoder, update);
			// The originating client already has the update; echoing it back is wasted bandwidth.
			broadcast(entry, encoding.toUint8Array(encoder), isConn(origin) ? origin : null);
		});

		awareness.on(
			'update',
			(
				{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
				origin: unknown
			) => {
				// Remember which awareness ids each connection speaks for, so we can remove exactly
				// those when it drops instead of waiting for the 30 s awareness timeout.
				if (isConn(origin) && origin.entry === entry) {
					for (const id of added) origin.awarenessIds.add(id);
					for (const id of updated) origin.awarenessIds.add(id);
					for (const id of removed) origin.awarenessIds.delete(id);
				}
				const changed = added.concat(updated, removed);
				if (changed.length === 0) return;
				// Sent to everyone including the origin, like the reference server: 'update' (not
				// 'change') also carries the periodic renewals that keep states from timing out.
				broadcast(entry, encodeAwareness(awareness, changed), null);
			}
		);

		const ready = persistence ? persistence.load(name, doc) : Promise.resolve();
		(entry as { ready: Promise<void> }).ready = ready.then(
			() => {
				entry.loaded = true;
			},
			(err: unknown) => {
				log.error({ err, doc: name }, 'yjs: loading document failed');
				// Never serve (and later flush!) a document whose stored state we could not read: that
				// would overwrite real data with an empty doc. Drop it; the next connection retries.
				for (const conn of entry.conns) conn.ws.close(CLOSE_INTERNAL_ERROR, 'load failed');
				destroyEntry(entry);
				throw err;
			}
		);
		// Callers that await `ready` handle the rejection themselves; this only prevents an
		// unhandled-rejection crash when nobody is waiting (e.g. getDoc()).
		entry.ready.catch(noop);
		return entry;
	}

	function isConn(origin: unknown): origin is Conn {
		return typeof origin === 'object' && origin !== null && conns.has(origin as Conn);
	}

	/** Get or create the entry and cancel any pending unload: someone is using it again. */
	function acquire(name: string): DocEntry {
		let entry = docs.get(name);
		if (!entry) {
			entry = createEntry(name);
			docs.set(name, entry);
		}
		entry.generation++;
		if (entry.unloadTimer) {
			clearTimeout(entry.unloadTimer);
			entry.unloadTimer = null;
		}
		return entry;
	}

	function destroyEntry(entry: DocEntry): void {
		if (entry.destroyed) return;
		entry.destroyed = true;
		if (entry.unloadTimer) clearTimeout(entry.unloadTimer);
		entry.unloadTimer = null;
		if (docs.get(entry.name) === entry) docs.delete(entry.name);
		entry.awareness.destroy();
		entry.doc.destroy();
	}

	function scheduleUnload(entry: DocEntry): void {
		if (closing || entry.destroyed || entry.conns.size > 0 || entry.unloadTimer) return;
		entry.unloadTimer = setTimeout(() => {
			entry.unloadTimer = null;
			if (!entry.unloading) {
				entry.unloading = unload(entry).finally(() => {
					entry.unloading = null;
				});
			}
		}, idleUnloadMs);
	}

	async function unload(entry: DocEntry): Promise<void> {
		if (entry.destroyed || entry.conns.size > 0 || closing) return;
		const generation = entry.generation;
		const version = entry.version;
		try {
			await entry.ready;
		} catch {
			return; // load failure already destroyed the entry
		}
		if (persistence) {
			try {
				await persistence.flush(entry.name, entry.doc);
			} catch (err) {
				log.error({ err, doc: entry.name }, 'yjs: flush before unload failed; keeping doc');
				scheduleUnload(entry);
				return;
			}
		}
		if (entry.destroyed || closing) return;
		// Someone connected / called getDoc during the flush: keep the doc. If it is still idle,
		// or it was edited during the flush (edits the flush may have missed), try again later.
		if (entry.conns.size > 0) return;
		if (entry.generation !== generation || entry.version !== version) {
			scheduleUnload(entry);
			return;
		}
		destroyEntry(entry);
		log.info({ doc: entry.name }, 'yjs: unloaded idle document');
	}

	// ---------------------------------------------------------------------------------------------
	// Connections
	// ---------------------------------------------------------------------------------------------

	function onConnection(
		ws: WebSocket,
		docName: string,
		auth: Promise<CollabAuthResult> | CollabAuthResult
	): void {
		const conn: Conn = {
			ws,
			docName,
			readOnly: true,
			info: { id: ++connSeq, docName, tags: [] },
			onClosed: null,
			admitted: Promise.resolve(),
			[ACTOR]: null,
			ready: false,
			closed: false,
			pending: [],
			pendingBytes: 0,
			entry: null,
			awarenessIds: new Set(),
			alive: true,
			warnedReadOnly: false
		};
		conns.add(conn);

		ws.on('pong', () => {
			conn.alive = true;
		});
		ws.on('error', (err) => {
			// e.g. RangeError "Max payload size exceeded" (ws closes with 1009 on its own). Without a
			// listener the error would crash the process.
			log.warn({ err, doc: docName }, 'yjs: websocket error');
		});
		ws.on('close', () => onClose(conn));
		ws.on('message', (data, isBinary) => {
			if (conn.closed) return;
			if (!isBinary) {
				ws.close(CLOSE_UNSUPPORTED_DATA, 'binary frames only');
				return;
			}
			const bytes = toBytes(data);
			if (!admit) return receive(conn, bytes);
			conn.admitted = conn.admitted.then(async () => {
				if (conn.closed) return;
				const ok = await (async () => admit(conn.info, bytes))().catch((err: unknown) => {
					log.error({ err, doc: docName }, 'yjs: admit failed');
					return true;
				});
				if (conn.closed) return;
				if (!ok) {
					log.warn({ doc: docName, tags: conn.info.tags }, 'yjs: message refused by the flood guard, closing');
					ws.close(CLOSE_POLICY, 'rate limit exceeded');
					onClose(conn); // nothing more from it is processed, even what is already in flight
					return;
				}
				receive(conn, bytes);
			});
		});

		if (closing) {
			ws.close(CLOSE_GOING_AWAY, 'server shutting down');
			return;
		}
		void start(conn, auth);
	}

	/** A message of a connection: processed when it is ready, buffered (bounded) until then. */
	function receive(conn: Conn, bytes: Uint8Array): void {
		if (conn.ready) {
			handleMessage(conn, bytes);
			return;
		}
		conn.pendingBytes += bytes.byteLength;
		if (conn.pendingBytes > maxPendingBytes) {
			conn.ws.close(CLOSE_TRY_AGAIN_LATER, 'too much data before ready');
			return;
		}
		conn.pending.push(bytes);
	}

	async function start(conn: Conn, auth: Promise<CollabAuthResult> | CollabAuthResult): Promise<void> {
		let result: CollabAuthResult;
		try {
			result = await auth;
		} catch (err) {
			log.error({ err, doc: conn.docName }, 'yjs: authorize failed');
			conn.ws.close(CLOSE_INTERNAL_ERROR, 'authorization failed');
			return;
		}
		if (result?.onClose) {
			if (conn.closed) result.onClose(); // closed while authorizing: onClose already ran
			else conn.onClosed = result.onClose;
		}
		if (conn.closed || closing) return;
		if (result === null) {
			// 4403 is in the 4400-4499 range, which the stock client treats as permanent (no retry).
			conn.ws.close(CLOSE_FORBIDDEN, 'forbidden');
			return;
		}
		conn.readOnly = result.readOnly;
		conn.info.tags = result.tags ?? [];
		conn[ACTOR] = result.actor ?? null;

		// Only now touch the document: an unauthorized client must not be able to make us load
		// arbitrary documents from storage.
		const entry = acquire(conn.docName);
		conn.entry = entry;
		entry.conns.add(conn);
		try {
			await entry.ready;
		} catch {
			return; // load failure handler already closed this connection with 1011
		}
		if (conn.closed || entry.destroyed) return;

		conn.ready = true;
		// Server → client syncStep1 makes the client send what the server is missing (its
		// syncStep2). Pointless for read-only connections, whose step2 we would drop anyway.
		if (!conn.readOnly) {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			syncProtocol.writeSyncStep1(encoder, entry.doc);
			send(conn, encoding.toUint8Array(encoder));
		}
		const states = entry.awareness.getStates();
		if (states.size > 0) send(conn, encodeAwareness(entry.awareness, Array.from(states.keys())));

		// Replay what arrived while we were authorizing/loading, in order, synchronously: any
		// message arriving after `ready = true` goes straight to handleMessage, after these.
		const pending = conn.pending;
		conn.pending = [];
		conn.pendingBytes = 0;
		for (const message of pending) {
			if (conn.closed) break;
			handleMessage(conn, message);
		}
	}

	function handleMessage(conn: Conn, message: Uint8Array): void {
		const entry = conn.entry;
		if (!entry || entry.destroyed) return;
		try {
			const decoder = decoding.createDecoder(message);
			const messageType = decoding.readVarUint(decoder);
			switch (messageType) {
				case MESSAGE_SYNC:
					handleSync(conn, entry, decoder);
					break;
				case MESSAGE_AWARENESS:
					// Awareness is accepted from read-only connections too: viewers may show presence.
					awarenessProtocol.applyAwarenessUpdate(
						entry.awareness,
						decoding.readVarUint8Array(decoder),
						conn
					);
					break;
				case MESSAGE_QUERY_AWARENESS:
					send(conn, encodeAwareness(entry.awareness, Array.from(entry.awareness.getStates().keys())));
					break;
				case MESSAGE_AUTH:
				default:
					// Clients never send auth messages; unknown types are ignored (as the reference server
					// does) so a newer client does not get disconnected for an optional extension.
					break;
			}
		} catch (err) {
			// Truncated varints, bad JSON in awareness, or a Yjs update that fails to integrate.
			// Closing (rather than ignoring) forces a clean resync if the client is honest.
			log.warn({ err, doc: conn.docName }, 'yjs: invalid message, closing connection');
			conn.ws.close(CLOSE_INVALID_PAYLOAD, 'invalid message');
		}
	}

	/**
	 * Handle a y-protocols sync message. Implemented here instead of `syncProtocol.readSyncMessage`
	 * so that (a) read-only connections can be filtered by sync type before anything is applied and
	 * (b) a broken update is reported through our logger and closes the connection, instead of being
	 * swallowed by readSyncMessage's internal console.error.
	 */
	function handleSync(conn: Conn, entry: DocEntry, decoder: decoding.Decoder): void {
		const syncType = decoding.readVarUint(decoder);
		switch (syncType) {
			case syncProtocol.messageYjsSyncStep1: {
				const stateVector = decoding.readVarUint8Array(decoder);
				const encoder = encoding.createEncoder();
				encoding.writeVarUint(encoder, MESSAGE_SYNC);
				syncProtocol.writeSyncStep2(encoder, entry.doc, stateVector);
				send(conn, encoding.toUint8Array(encoder));
				break;
			}
			case syncProtocol.messageYjsSyncStep2:
			case syncProtocol.messageYjsUpdate: {
				const update = decoding.readVarUint8Array(decoder);
				if (conn.readOnly) {
					// Never applied, hence never relayed or persisted. Not an error: the stock client
					// cannot be told to stop sending, so just drop silently after one log line.
					if (!conn.warnedReadOnly) {
						conn.warnedReadOnly = true;
						log.info({ doc: conn.docName }, 'yjs: dropping edits from read-only connection');
					}
					break;
				}
				// origin = conn: the 'update' handler uses it to skip echoing back to the sender.
				Y.applyUpdate(entry.doc, update, conn);
				break;
			}
			default:
				throw new Error(`unknown sync message type ${syncType}`);
		}
	}

	function onClose(conn: Conn): void {
		if (conn.closed) return;
		conn.closed = true;
		conn.ready = false;
		conn.pending = [];
		conns.delete(conn);
		const onClosed = conn.onClosed;
		conn.onClosed = null;
		onClosed?.();
		const entry = conn.entry;
		if (!entry) return;
		entry.conns.delete(conn);
		if (entry.destroyed) return;
		// Remove this client's presence now, so peers see it disappear immediately rather than after
		// the 30 s awareness timeout. The stock client sends a "state = null" goodbye itself, but
		// crashed tabs / dropped networks never do.
		if (conn.awarenessIds.size > 0) {
			awarenessProtocol.removeAwarenessStates(entry.awareness, Array.from(conn.awarenessIds), null);
			conn.awarenessIds.clear();
		}
		scheduleUnload(entry);
	}

	// ---------------------------------------------------------------------------------------------
	// Public API
	// ---------------------------------------------------------------------------------------------

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
			// a database round trip) and decide in start(), closing with 4403 if refused.
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
		const entry = acquire(name);
		// Without connections nothing would ever unload it; treat it as idle from now on.
		scheduleUnload(entry);
		return entry.doc;
	}

	async function loadDoc(name: string): Promise<Y.Doc> {
		const doc = getDoc(name);
		const entry = docs.get(name);
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
			conn.ws.close(CLOSE_GOING_AWAY, 'server shutting down');
			// Detach now rather than on the 'close' event, which waits for the peer's close frame.
			onClose(conn);
		}
		// Let in-flight idle unloads finish first so we never flush the same doc concurrently.
		await Promise.all(Array.from(docs.values(), (e) => e.unloading ?? Promise.resolve()));
		await Promise.all(
			Array.from(docs.values(), async (entry) => {
				if (entry.unloadTimer) clearTimeout(entry.unloadTimer);
				entry.unloadTimer = null;
				try {
					await entry.ready;
				} catch {
					return; // never loaded, never flushed (see CollabPersistence)
				}
				if (persistence && !entry.destroyed) {
					try {
						await persistence.flush(entry.name, entry.doc);
					} catch (err) {
						log.error({ err, doc: entry.name }, 'yjs: flush on close failed');
					}
				}
				destroyEntry(entry);
			})
		);
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
		loadedDocs: () => Array.from(docs.keys()),
		getDoc,
		loadDoc,
		closeTagged(tag, reason = 'access revoked') {
			let n = 0;
			for (const conn of Array.from(conns)) {
				if (!conn.info.tags.includes(tag) || conn.closed) continue;
				conn.ws.close(CLOSE_FORBIDDEN, reason);
				onClose(conn);
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
