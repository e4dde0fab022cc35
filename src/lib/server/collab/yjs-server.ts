/**
 * Yjs collaboration endpoint speaking the plain y-websocket protocol (the wire: messages.ts; the
 * contract: types.ts).
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
import { WebSocketServer, WebSocket } from 'ws';
import type { Collab, CollabActor, CollabAuthResult, CollabLogger, CollabOptions, CollabRefusal, PresenceIdentity } from './types.ts';
import {
	CLOSE_FORBIDDEN,
	CLOSE_GOING_AWAY,
	CLOSE_INTERNAL_ERROR,
	CLOSE_INVALID_PAYLOAD,
	CLOSE_POLICY,
	CLOSE_REFUSED,
	CLOSE_TOO_LARGE,
	CLOSE_TRY_AGAIN_LATER,
	CLOSE_UNSUPPORTED_DATA,
	MESSAGE_AUTH,
	MESSAGE_AWARENESS,
	MESSAGE_QUERY_AWARENESS,
	MESSAGE_SYNC,
	awarenessMessage,
	closeReason,
	permissionDeniedMessage,
	sizeRefusal,
	syncStep1Message,
	syncStep2Message,
	toBytes,
	updateMessage
} from './messages.ts';

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

/**
 * Largest awareness state one connection may hold, as JSON in bytes (after stamping). The board
 * page's state (name, role, the open card) is about 150 bytes; a bigger one is not presence.
 */
export const MAX_AWARENESS_STATE_BYTES = 4 * 1024;
/**
 * Awareness entries for client ids that are not the connection's own (and not an echo of a state
 * the server already has) tolerated per connection per minute, dropped one by one; past this the
 * connection is cut off. A stock client sends such entries only when it relays another tab's state
 * (BroadcastChannel) before that tab reached the server — a few per minute at most.
 */
export const MAX_FOREIGN_AWARENESS_PER_MINUTE = 32;
/** Marks connection objects, which are the transaction origin of the edits they bring. */
const ACTOR = Symbol('collab-actor');

/**
 * The actor behind a document update, given the update's transaction origin: the connection it
 * came through, or null for server-side edits and state loaded from storage.
 */
export function actorOf(origin: unknown): CollabActor | null {
	return typeof origin === 'object' && origin !== null && ACTOR in origin ? ((origin as { [ACTOR]: CollabActor | null })[ACTOR] ?? null) : null;
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
	/** Stamped as `user` on this connection's awareness state (see CollabAuthResult.presence). */
	presence: PresenceIdentity | null;
	/**
	 * The ONE awareness client id this connection speaks for (its first new state); removed when it
	 * closes. Entries for other ids are echoes (dropped) or forgeries (dropped, then cut off).
	 */
	awarenessId: number | null;
	/** Foreign awareness entries in the current minute (see MAX_FOREIGN_AWARENESS_PER_MINUTE). */
	foreignAwareness: { windowStart: number; count: number };
	/** Keepalive flag: cleared on ping, set on pong. */
	alive: boolean;
	/** Warn only once per connection about dropped read-only edits, to avoid log floods. */
	warnedReadOnly: boolean;
	/** What authorize gave for validate (CollabAuthResult.scope). */
	scope: unknown;
	/** An update of this connection was refused: nothing more of it is processed. */
	refused: boolean;
}

/** One in-memory document and everything attached to it. */
interface DocEntry {
	readonly name: string;
	readonly doc: Y.Doc;
	readonly awareness: awarenessProtocol.Awareness;
	readonly conns: Set<Conn>;
	/** Which connection owns each awareness client id (the inverse of Conn.awarenessId). */
	readonly presenceOwners: Map<number, Conn>;
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
	/**
	 * A copy of `doc` on which incoming updates are tried first (null without validate/maxDocBytes).
	 * Kept equal to `doc`: every update of `doc` not tried here first is applied here too.
	 */
	shadow: Y.Doc | null;
	/** True while an update already applied to the shadow is applied to `doc` (not mirrored twice). */
	applyingChecked: boolean;
	/** An upper bound of the encoded state's size (null: not measured yet); see maxDocBytes. */
	sizeBound: number | null;
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

/** Whether any client's clock moved past where it stood before the transaction. */
function stateGrew(before: Map<number, number>, doc: Y.Doc): boolean {
	for (const [client, structs] of doc.store.clients) {
		const last = structs[structs.length - 1];
		if (last && last.id.clock + last.length > (before.get(client) ?? 0)) return true;
	}
	return false;
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
	const validate = opts.validate ?? null;
	const maxUpdateBytes = opts.maxUpdateBytes ?? Infinity;
	const maxDocBytes = opts.maxDocBytes ?? Infinity;
	const useShadow = validate !== null || Number.isFinite(maxDocBytes);
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
			presenceOwners: new Map(),
			ready: Promise.resolve(), // replaced below
			loaded: false,
			generation: 0,
			version: 0,
			unloadTimer: null,
			unloading: null,
			destroyed: false,
			shadow: useShadow ? new Y.Doc({ gc: true }) : null,
			applyingChecked: false,
			sizeBound: null
		};

		doc.on('update', (update: Uint8Array, origin: unknown) => {
			entry.version++;
			if (entry.sizeBound !== null) entry.sizeBound += update.byteLength;
			// Server-side edits and stored state: the shadow must see them too, or the next check
			// would judge an update against a document that is not the real one.
			if (entry.shadow && !entry.applyingChecked) Y.applyUpdate(entry.shadow, update);
			// The originating client already has the update; echoing it back is wasted bandwidth.
			broadcast(entry, updateMessage(update), isConn(origin) ? origin : null);
		});

		awareness.on(
			'update',
			({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
				// Which connection speaks for which id is decided before anything is applied
				// (applyAwareness), not here: this only relays what was accepted.
				const changed = added.concat(updated, removed);
				if (changed.length === 0) return;
				// Sent to everyone including the origin, like the reference server: 'update' (not
				// 'change') also carries the periodic renewals that keep states from timing out.
				broadcast(entry, awarenessMessage(awareness, changed), null);
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
		entry.shadow?.destroy();
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
			presence: null,
			awarenessId: null,
			foreignAwareness: { windowStart: 0, count: 0 },
			alive: true,
			warnedReadOnly: false,
			scope: undefined,
			refused: false
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
		conn.presence = result.presence ?? null;
		conn.scope = result.scope;

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
			send(conn, syncStep1Message(entry.doc));
		}
		const states = entry.awareness.getStates();
		if (states.size > 0) send(conn, awarenessMessage(entry.awareness, Array.from(states.keys())));

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
		if (!entry || entry.destroyed || conn.refused) return;
		try {
			const decoder = decoding.createDecoder(message);
			const messageType = decoding.readVarUint(decoder);
			switch (messageType) {
				case MESSAGE_SYNC:
					handleSync(conn, entry, decoder);
					break;
				case MESSAGE_AWARENESS:
					// Accepted from read-only connections too: viewers may show presence.
					applyAwareness(conn, entry, decoding.readVarUint8Array(decoder));
					break;
				case MESSAGE_QUERY_AWARENESS:
					send(conn, awarenessMessage(entry.awareness, Array.from(entry.awareness.getStates().keys())));
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
	 * An awareness update from a connection, checked before anything is applied or relayed:
	 * - one connection holds ONE presence: the first client id it announces a new state for. An
	 *   entry for another id is an echo (the stock client sends back every state it receives, and
	 *   the removals its own timeout makes) when it is not newer than what the server has, or a null
	 *   state: dropped without a word. A newer state for an id that is not its own is refused
	 *   (dropped), and past MAX_FOREIGN_AWARENESS_PER_MINUTE the connection is cut off — one socket
	 *   cannot fill the board with fake people or overwrite, or remove, someone else's presence;
	 * - its own state is stamped: `user` becomes the connection's identity (name, role, key), so no
	 *   one appears as someone else; a read-only connection is never `editing` a card; a state over
	 *   MAX_AWARENESS_STATE_BYTES, or not a JSON object, is refused. Other fields (the card the
	 *   page has open) are kept.
	 * The accepted entries are re-encoded and applied through y-protocols, which keeps its own
	 * clock rules (an older state never overwrites a newer one).
	 */
	function applyAwareness(conn: Conn, entry: DocEntry, update: Uint8Array): void {
		const decoder = decoding.createDecoder(update);
		const count = decoding.readVarUint(decoder);
		const accepted: Array<{ clientId: number; clock: number; state: string }> = [];
		let foreign = 0;
		for (let i = 0; i < count; i++) {
			const clientId = decoding.readVarUint(decoder);
			const clock = decoding.readVarUint(decoder);
			const json = decoding.readVarString(decoder);
			const known = entry.awareness.meta.get(clientId);
			const newer = known === undefined ? clock > 0 : clock > known.clock;
			let owner = entry.presenceOwners.get(clientId);
			if (owner !== conn) {
				if (json === 'null' || !newer) continue; // an echo, or a removal of what is not its own
				if (owner && !(conn.awarenessId === null && conn.presence !== null && owner.presence?.key === conn.presence.key)) {
					foreign++;
					continue;
				}
				if (!owner && conn.awarenessId !== null) {
					foreign++;
					continue;
				}
				// Its first presence — or the same person's tab taking its id back over a new
				// connection while the server has not yet noticed that the old one is dead.
				if (owner) owner.awarenessId = null;
				entry.presenceOwners.set(clientId, conn);
				conn.awarenessId = clientId;
				owner = conn;
			}
			if (json === 'null') {
				accepted.push({ clientId, clock, state: json });
				continue;
			}
			const state = stampPresence(conn, json);
			if (state === null) {
				foreign++;
				continue;
			}
			accepted.push({ clientId, clock, state });
		}
		if (foreign > 0 && countForeign(conn, foreign)) {
			log.warn({ doc: conn.docName, tags: conn.info.tags }, 'yjs: awareness for presences not its own, closing connection');
			conn.ws.close(CLOSE_POLICY, 'one presence per connection');
			return;
		}
		if (accepted.length === 0) return;
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, accepted.length);
		for (const a of accepted) {
			encoding.writeVarUint(encoder, a.clientId);
			encoding.writeVarUint(encoder, a.clock);
			encoding.writeVarString(encoder, a.state);
		}
		awarenessProtocol.applyAwarenessUpdate(entry.awareness, encoding.toUint8Array(encoder), conn);
	}

	/** The connection's own state with its identity as `user`, as JSON; null when refused. */
	function stampPresence(conn: Conn, json: string): string | null {
		if (Buffer.byteLength(json) > MAX_AWARENESS_STATE_BYTES) return null;
		let state: unknown;
		try {
			state = JSON.parse(json);
		} catch {
			return null;
		}
		if (!state || typeof state !== 'object' || Array.isArray(state)) return null;
		const stamped: Record<string, unknown> = { ...(state as Record<string, unknown>) };
		if (conn.presence) stamped.user = { key: conn.presence.key, name: conn.presence.name, role: conn.presence.role };
		// A viewer cannot be editing a card: others would wait on a person who cannot change it.
		if (conn.readOnly && 'editing' in stamped) stamped.editing = null;
		const out = JSON.stringify(stamped);
		return Buffer.byteLength(out) > MAX_AWARENESS_STATE_BYTES ? null : out;
	}

	/** Counts refused awareness entries; true when the connection passed its allowance. */
	function countForeign(conn: Conn, n: number): boolean {
		const now = Date.now();
		const w = conn.foreignAwareness;
		if (now - w.windowStart > 60_000) {
			w.windowStart = now;
			w.count = 0;
		}
		w.count += n;
		if (w.count === n || w.count > MAX_FOREIGN_AWARENESS_PER_MINUTE) log.info({ doc: conn.docName, tags: conn.info.tags, refused: w.count }, 'yjs: awareness entries refused');
		return w.count > MAX_FOREIGN_AWARENESS_PER_MINUTE;
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
				send(conn, syncStep2Message(entry.doc, stateVector));
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
				const checked = checkUpdate(conn, entry, update);
				if ('refuse' in checked) {
					refuse(conn, checked.code, checked.refuse);
					break;
				}
				if ('drop' in checked) break;
				// origin = conn: the 'update' handler uses it to skip echoing back to the sender.
				entry.applyingChecked = entry.shadow !== null;
				try {
					Y.applyUpdate(entry.doc, checked.apply, conn);
				} finally {
					entry.applyingChecked = false;
				}
				break;
			}
			default:
				throw new Error(`unknown sync message type ${syncType}`);
		}
	}

	/**
	 * The checks before an update may touch the document: its size, then (on the shadow copy) the
	 * document's rules and the size of the document it would make. Returns the refusal, or what to
	 * apply to the real document — the shadow then already holds it. Throws for an update that does
	 * not decode (the shadow is rebuilt first).
	 *
	 * Part of an update may depend on structs the server does not have yet (a client's live edit
	 * sent right after reconnecting, before its sync step 2, on top of edits a crash or a dropped
	 * socket lost). Yjs would keep that part pending and integrate it later, inside some other
	 * update's transaction — unchecked, or checked as someone else's. It is dropped instead: only
	 * what integrated now is checked and applied, and the client's sync step 2 on this connection
	 * (everything it has beyond the state the server announced) brings the rest again. When what
	 * integrated breaks a rule only because its other half is missing (a card's place overwritten:
	 * the old value's deletion integrates, the new value waits), the whole update is dropped
	 * without a refusal: the step 2 brings both halves together.
	 */
	function checkUpdate(
		conn: Conn,
		entry: DocEntry,
		update: Uint8Array
	): { code: number; refuse: CollabRefusal } | { apply: Uint8Array } | { drop: true } {
		if (update.byteLength > maxUpdateBytes) {
			return { code: CLOSE_TOO_LARGE, refuse: sizeRefusal('update_too_large', maxUpdateBytes) };
		}
		const shadow = entry.shadow;
		if (!shadow) return { apply: update };
		let refusal: CollabRefusal | null = null;
		let changed = false;
		try {
			shadow.transact((txn) => {
				Y.applyUpdate(shadow, update, conn);
				changed = txn.deleteSet.clients.size > 0 || stateGrew(txn.beforeState, shadow);
				if (changed && validate) {
					refusal = validate({ docName: entry.name, doc: shadow, transaction: txn, actor: conn[ACTOR], scope: conn.scope });
				}
			}, conn);
		} catch (err) {
			rebuildShadow(entry);
			throw err;
		}
		const incomplete = shadow.store.pendingStructs !== null || shadow.store.pendingDs !== null;
		if (refusal) {
			rebuildShadow(entry);
			if (!incomplete) return { code: CLOSE_REFUSED, refuse: refusal };
			log.info({ doc: entry.name, refusal }, 'yjs: dropped an incomplete update that breaks a rule as it stands');
			return { drop: true };
		}
		let apply = update;
		if (incomplete) {
			shadow.store.pendingStructs = null;
			shadow.store.pendingDs = null;
			apply = Y.encodeStateAsUpdate(shadow, Y.encodeStateVector(entry.doc));
			log.info({ doc: entry.name }, 'yjs: dropped the part of an update whose dependencies are missing');
		}
		if (changed && Number.isFinite(maxDocBytes)) {
			// An upper bound grown by each update's size; measured exactly only when it crosses the cap.
			entry.sizeBound ??= Y.encodeStateAsUpdate(entry.doc).byteLength;
			if (entry.sizeBound + apply.byteLength > maxDocBytes) {
				const exact = Y.encodeStateAsUpdate(shadow).byteLength;
				if (exact > maxDocBytes) {
					rebuildShadow(entry);
					return { code: CLOSE_TOO_LARGE, refuse: sizeRefusal('document_too_large', maxDocBytes) };
				}
				entry.sizeBound = exact - apply.byteLength; // the 'update' handler adds it back
			}
		}
		return { apply };
	}

	/** Throws away the shadow (it holds a refused update) and copies the real document again. */
	function rebuildShadow(entry: DocEntry): void {
		entry.shadow?.destroy();
		entry.shadow = new Y.Doc({ gc: true });
		Y.applyUpdate(entry.shadow, Y.encodeStateAsUpdate(entry.doc));
	}

	/**
	 * Tells the client why (an auth "permission denied" message: the stock provider logs it) and
	 * closes with a 44xx code, on which the stock provider does not reconnect: the same update
	 * would only be refused again.
	 */
	function refuse(conn: Conn, code: number, refusal: CollabRefusal): void {
		conn.refused = true;
		log.warn({ doc: conn.docName, actor: conn[ACTOR], refusal }, 'yjs: update refused');
		send(conn, permissionDeniedMessage(refusal));
		conn.ws.close(code, closeReason(refusal));
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
		const id = conn.awarenessId;
		if (id !== null) {
			conn.awarenessId = null;
			if (entry.presenceOwners.get(id) === conn) {
				entry.presenceOwners.delete(id);
				awarenessProtocol.removeAwarenessStates(entry.awareness, [id], null);
			}
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
