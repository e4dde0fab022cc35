/**
 * One websocket on one document. Nothing a connection sends is processed before its
 * authorization has finished and its document has loaded (it is buffered, bounded, in order), and
 * then only within what it was granted:
 * - every frame passes the flood guard (`admit`) first, in arrival order; a refusal cuts it off;
 * - a read-only connection's edits are dropped, never applied, relayed or stored;
 * - an edit reaches the document only once the registry's checks let it through
 *   (documents.ts `check`); a refused one closes the connection (4413 / 4422) with the reason;
 * - it speaks for ONE presence, stamped with who it really is, whatever the client wrote;
 * - a peer that stops answering pings is terminated, and its presence removed at once.
 *
 * The connection object is also the transaction origin of the edits it brings: {@link actorOf}
 * tells storage who made them.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import {
	CLOSE_FORBIDDEN,
	CLOSE_INTERNAL_ERROR,
	CLOSE_INVALID_PAYLOAD,
	CLOSE_POLICY,
	CLOSE_TRY_AGAIN_LATER,
	CLOSE_UNSUPPORTED_DATA,
	MESSAGE_AUTH,
	MESSAGE_AWARENESS,
	MESSAGE_QUERY_AWARENESS,
	MESSAGE_SYNC,
	awarenessMessage,
	closeReason,
	permissionDeniedMessage,
	syncStep1Message,
	syncStep2Message,
	toBytes
} from './messages.ts';
import type { DocEntry, DocPeer, Documents } from './documents.ts';
import type { CollabActor, CollabAuthResult, CollabLogger, CollabOptions, CollabRefusal, PresenceIdentity } from './types.ts';

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
const MAX_FOREIGN_AWARENESS_PER_MINUTE = 32;

/** Marks connection objects, which are the transaction origin of the edits they bring. */
const ACTOR = Symbol('collab-actor');

/**
 * The actor behind a document update, given the update's transaction origin: the connection it
 * came through, or null for server-side edits and state loaded from storage.
 */
export function actorOf(origin: unknown): CollabActor | null {
	return typeof origin === 'object' && origin !== null && ACTOR in origin ? ((origin as { [ACTOR]: CollabActor | null })[ACTOR] ?? null) : null;
}

/** What a connection shares with every other one of the endpoint. */
export interface ConnectionContext {
	readonly log: CollabLogger;
	readonly admit: CollabOptions['admit'];
	/** Bound on what a not-yet-ready connection may make the server buffer. */
	readonly maxPendingBytes: number;
	readonly documents: Documents<Connection>;
	/** The endpoint is closing: nothing new starts. */
	closing(): boolean;
	/** Called once, first thing, when the connection closes: the endpoint forgets it. */
	forget(conn: Connection): void;
}

/** Per-connection state. Also used as the transaction / awareness origin of its messages. */
export class Connection implements DocPeer {
	/** Unknown until authorization finished; `true` until then so nothing can slip through. */
	readOnly = true;
	/** The authorization's tags (see CollabAuthResult), for revocation; also what admit sees. */
	readonly info: { id: number; docName: string; tags: readonly string[] };
	/** The authorization's onClose, called once. */
	private onClosed: (() => void) | null = null;
	/** Messages waiting for admit's answer, in order. */
	private admitted: Promise<void> = Promise.resolve();
	/** Who edits through this connection (see actorOf). */
	[ACTOR]: CollabActor | null = null;
	/** Set once the doc is loaded and the initial sync messages were sent. */
	ready = false;
	closed = false;
	/** Messages received before `ready`, processed in order once ready. */
	private pending: Uint8Array[] = [];
	private pendingBytes = 0;
	/** Attached document, once authorized. */
	private entry: DocEntry<Connection> | null = null;
	/** Stamped as `user` on this connection's awareness state (see CollabAuthResult.presence). */
	presence: PresenceIdentity | null = null;
	/**
	 * The ONE awareness client id this connection speaks for (its first new state); removed when it
	 * closes. Entries for other ids are echoes (dropped) or forgeries (dropped, then cut off).
	 */
	awarenessId: number | null = null;
	/** Foreign awareness entries in the current minute (see MAX_FOREIGN_AWARENESS_PER_MINUTE). */
	private foreignAwareness = { windowStart: 0, count: 0 };
	/** Keepalive flag: cleared on ping, set on pong. */
	private alive = true;
	/** Warn only once per connection about dropped read-only edits, to avoid log floods. */
	private warnedReadOnly = false;
	/** What authorize gave for validate (CollabAuthResult.scope). */
	private scope: unknown = undefined;
	/** An update of this connection was refused: nothing more of it is processed. */
	private refused = false;

	constructor(
		readonly ws: WebSocket,
		readonly docName: string,
		id: number,
		private readonly ctx: ConnectionContext
	) {
		this.info = { id, docName, tags: [] };
		const { log, admit } = ctx;
		ws.on('pong', () => {
			this.alive = true;
		});
		ws.on('error', (err) => {
			// e.g. RangeError "Max payload size exceeded" (ws closes with 1009 on its own). Without a
			// listener the error would crash the process.
			log.warn({ err, doc: docName }, 'yjs: websocket error');
		});
		ws.on('close', () => this.detach());
		ws.on('message', (data, isBinary) => {
			if (this.closed) return;
			if (!isBinary) {
				ws.close(CLOSE_UNSUPPORTED_DATA, 'binary frames only');
				return;
			}
			const bytes = toBytes(data);
			if (!admit) return this.receive(bytes);
			this.admitted = this.admitted.then(async () => {
				if (this.closed) return;
				const ok = await (async () => admit(this.info, bytes))().catch((err: unknown) => {
					log.error({ err, doc: docName }, 'yjs: admit failed');
					return true;
				});
				if (this.closed) return;
				if (!ok) {
					log.warn({ doc: docName, tags: this.info.tags }, 'yjs: message refused by the flood guard, closing');
					ws.close(CLOSE_POLICY, 'rate limit exceeded');
					this.detach(); // nothing more from it is processed, even what is already in flight
					return;
				}
				this.receive(bytes);
			});
		});
	}

	send(message: Uint8Array): void {
		if (this.closed || this.ws.readyState !== WebSocket.OPEN) return;
		this.ws.send(message, (err) => {
			// A failed send means the socket is broken; closing lets the client resync on reconnect
			// instead of silently missing an update.
			if (err) {
				this.ctx.log.warn({ err, doc: this.docName }, 'yjs: send failed, closing connection');
				this.ws.terminate();
			}
		});
	}

	close(code: number, reason: string): void {
		this.ws.close(code, reason);
	}

	/**
	 * Called by the endpoint's one ping timer. No pong since the last ping: the peer is gone (e.g.
	 * laptop lid closed) but TCP has not noticed. terminate() fires 'close', which releases
	 * presence and the doc.
	 */
	heartbeat(): void {
		if (!this.alive) {
			this.ws.terminate();
			return;
		}
		this.alive = false;
		try {
			this.ws.ping();
		} catch {
			this.ws.terminate();
		}
	}

	/** A message of a connection: processed when it is ready, buffered (bounded) until then. */
	private receive(bytes: Uint8Array): void {
		if (this.ready) {
			this.handleMessage(bytes);
			return;
		}
		this.pendingBytes += bytes.byteLength;
		if (this.pendingBytes > this.ctx.maxPendingBytes) {
			this.ws.close(CLOSE_TRY_AGAIN_LATER, 'too much data before ready');
			return;
		}
		this.pending.push(bytes);
	}

	/** Waits for the authorization, then attaches to the document and sends the initial sync. */
	async start(auth: Promise<CollabAuthResult> | CollabAuthResult): Promise<void> {
		const { log, documents } = this.ctx;
		let result: CollabAuthResult;
		try {
			result = await auth;
		} catch (err) {
			log.error({ err, doc: this.docName }, 'yjs: authorize failed');
			this.ws.close(CLOSE_INTERNAL_ERROR, 'authorization failed');
			return;
		}
		if (result?.onClose) {
			if (this.closed)
				result.onClose(); // closed while authorizing: onClose already ran
			else this.onClosed = result.onClose;
		}
		if (this.closed || this.ctx.closing()) return;
		if (result === null) {
			// 4403 is in the 4400-4499 range, which the stock client treats as permanent (no retry).
			this.ws.close(CLOSE_FORBIDDEN, 'forbidden');
			return;
		}
		this.readOnly = result.readOnly;
		this.info.tags = result.tags ?? [];
		this[ACTOR] = result.actor ?? null;
		this.presence = result.presence ?? null;
		this.scope = result.scope;

		// Only now touch the document: an unauthorized client must not be able to make us load
		// arbitrary documents from storage.
		const entry = documents.acquire(this.docName);
		this.entry = entry;
		entry.conns.add(this);
		try {
			await entry.ready;
		} catch {
			return; // load failure handler already closed this connection with 1011
		}
		if (this.closed || entry.destroyed) return;

		this.ready = true;
		// Server → client syncStep1 makes the client send what the server is missing (its
		// syncStep2). Pointless for read-only connections, whose step2 we would drop anyway.
		if (!this.readOnly) {
			this.send(syncStep1Message(entry.doc));
		}
		const states = entry.awareness.getStates();
		if (states.size > 0) this.send(awarenessMessage(entry.awareness, Array.from(states.keys())));

		// Replay what arrived while we were authorizing/loading, in order, synchronously: any
		// message arriving after `ready = true` goes straight to handleMessage, after these.
		const pending = this.pending;
		this.pending = [];
		this.pendingBytes = 0;
		for (const message of pending) {
			if (this.closed) break;
			this.handleMessage(message);
		}
	}

	private handleMessage(message: Uint8Array): void {
		const entry = this.entry;
		if (!entry || entry.destroyed || this.refused) return;
		try {
			const decoder = decoding.createDecoder(message);
			const messageType = decoding.readVarUint(decoder);
			switch (messageType) {
				case MESSAGE_SYNC:
					this.handleSync(entry, decoder);
					break;
				case MESSAGE_AWARENESS:
					// Accepted from read-only connections too: viewers may show presence.
					this.applyAwareness(entry, decoding.readVarUint8Array(decoder));
					break;
				case MESSAGE_QUERY_AWARENESS:
					this.send(awarenessMessage(entry.awareness, Array.from(entry.awareness.getStates().keys())));
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
			this.ctx.log.warn({ err, doc: this.docName }, 'yjs: invalid message, closing connection');
			this.ws.close(CLOSE_INVALID_PAYLOAD, 'invalid message');
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
	private applyAwareness(entry: DocEntry<Connection>, update: Uint8Array): void {
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
			const owner = entry.presenceOwners.get(clientId);
			if (owner !== this) {
				if (json === 'null' || !newer) continue; // an echo, or a removal of what is not its own
				if (owner && !(this.awarenessId === null && this.presence !== null && owner.presence?.key === this.presence.key)) {
					foreign++;
					continue;
				}
				if (!owner && this.awarenessId !== null) {
					foreign++;
					continue;
				}
				// Its first presence — or the same person's tab taking its id back over a new
				// connection while the server has not yet noticed that the old one is dead.
				if (owner) owner.awarenessId = null;
				entry.presenceOwners.set(clientId, this);
				this.awarenessId = clientId;
			}
			if (json === 'null') {
				accepted.push({ clientId, clock, state: json });
				continue;
			}
			const state = this.stampPresence(json);
			if (state === null) {
				foreign++;
				continue;
			}
			accepted.push({ clientId, clock, state });
		}
		if (foreign > 0 && this.countForeign(foreign)) {
			this.ctx.log.warn({ doc: this.docName, tags: this.info.tags }, 'yjs: awareness for presences not its own, closing connection');
			this.ws.close(CLOSE_POLICY, 'one presence per connection');
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
		awarenessProtocol.applyAwarenessUpdate(entry.awareness, encoding.toUint8Array(encoder), this);
	}

	/** The connection's own state with its identity as `user`, as JSON; null when refused. */
	private stampPresence(json: string): string | null {
		if (Buffer.byteLength(json) > MAX_AWARENESS_STATE_BYTES) return null;
		let state: unknown;
		try {
			state = JSON.parse(json);
		} catch {
			return null;
		}
		if (!state || typeof state !== 'object' || Array.isArray(state)) return null;
		const stamped: Record<string, unknown> = { ...(state as Record<string, unknown>) };
		if (this.presence) stamped.user = { key: this.presence.key, name: this.presence.name, role: this.presence.role };
		// A viewer cannot be editing a card: others would wait on a person who cannot change it.
		if (this.readOnly && 'editing' in stamped) stamped.editing = null;
		const out = JSON.stringify(stamped);
		return Buffer.byteLength(out) > MAX_AWARENESS_STATE_BYTES ? null : out;
	}

	/** Counts refused awareness entries; true when the connection passed its allowance. */
	private countForeign(n: number): boolean {
		const now = Date.now();
		const w = this.foreignAwareness;
		if (now - w.windowStart > 60_000) {
			w.windowStart = now;
			w.count = 0;
		}
		w.count += n;
		if (w.count === n || w.count > MAX_FOREIGN_AWARENESS_PER_MINUTE)
			this.ctx.log.info({ doc: this.docName, tags: this.info.tags, refused: w.count }, 'yjs: awareness entries refused');
		return w.count > MAX_FOREIGN_AWARENESS_PER_MINUTE;
	}

	/**
	 * Handle a y-protocols sync message. Implemented here instead of `syncProtocol.readSyncMessage`
	 * so that (a) read-only connections can be filtered by sync type before anything is applied and
	 * (b) a broken update is reported through our logger and closes the connection, instead of being
	 * swallowed by readSyncMessage's internal console.error.
	 */
	private handleSync(entry: DocEntry<Connection>, decoder: decoding.Decoder): void {
		const syncType = decoding.readVarUint(decoder);
		switch (syncType) {
			case syncProtocol.messageYjsSyncStep1: {
				const stateVector = decoding.readVarUint8Array(decoder);
				this.send(syncStep2Message(entry.doc, stateVector));
				break;
			}
			case syncProtocol.messageYjsSyncStep2:
			case syncProtocol.messageYjsUpdate: {
				const update = decoding.readVarUint8Array(decoder);
				if (this.readOnly) {
					// Never applied, hence never relayed or persisted. Not an error: the stock client
					// cannot be told to stop sending, so just drop silently after one log line.
					if (!this.warnedReadOnly) {
						this.warnedReadOnly = true;
						this.ctx.log.info({ doc: this.docName }, 'yjs: dropping edits from read-only connection');
					}
					break;
				}
				const checked = this.ctx.documents.check(entry, update, this, { actor: this[ACTOR], scope: this.scope });
				if ('refuse' in checked) {
					this.refuse(checked.code, checked.refuse);
					break;
				}
				if ('drop' in checked) break;
				this.ctx.documents.apply(entry, checked.apply, this);
				break;
			}
			default:
				throw new Error(`unknown sync message type ${syncType}`);
		}
	}

	/**
	 * Tells the client why (an auth "permission denied" message: the stock provider logs it) and
	 * closes with a 44xx code, on which the stock provider does not reconnect: the same update
	 * would only be refused again.
	 */
	private refuse(code: number, refusal: CollabRefusal): void {
		this.refused = true;
		this.ctx.log.warn({ doc: this.docName, actor: this[ACTOR], refusal }, 'yjs: update refused');
		this.send(permissionDeniedMessage(refusal));
		this.ws.close(code, closeReason(refusal));
	}

	/**
	 * Detaches the connection at once: on its 'close' event, or earlier when the server cut it off
	 * (it then does not wait for the peer's close frame). Idempotent.
	 */
	detach(): void {
		if (this.closed) return;
		this.closed = true;
		this.ready = false;
		this.pending = [];
		this.ctx.forget(this);
		const onClosed = this.onClosed;
		this.onClosed = null;
		onClosed?.();
		const entry = this.entry;
		if (!entry) return;
		entry.conns.delete(this);
		if (entry.destroyed) return;
		// Remove this client's presence now, so peers see it disappear immediately rather than after
		// the 30 s awareness timeout. The stock client sends a "state = null" goodbye itself, but
		// crashed tabs / dropped networks never do.
		const id = this.awarenessId;
		if (id !== null) {
			this.awarenessId = null;
			if (entry.presenceOwners.get(id) === this) {
				entry.presenceOwners.delete(id);
				awarenessProtocol.removeAwarenessStates(entry.awareness, [id], null);
			}
		}
		this.ctx.documents.scheduleUnload(entry);
	}
}
