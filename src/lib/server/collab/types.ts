/**
 * The collaboration endpoint's contract: what the composition root hands in (options, hooks for
 * authorization, validation, storage and rate admission) and what it gets back. Types only, so the
 * storage (persistence.ts) and the services can name them without loading the protocol code.
 *
 * No `$lib` / `$app` / `$env` imports: the plain `tsx`-run Node server (server/) imports these
 * modules too, where those aliases do not exist.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type * as Y from 'yjs';

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
	/** Who edits through it: persistence writes it next to the edits (see actorOf in connection.ts). */
	actor?: CollabActor;
	/**
	 * Who the connection's presence is: the server writes it as the `user` of the connection's
	 * awareness state, whatever the client put there (see {@link PresenceIdentity}). Without it the
	 * client's own `user` is kept (an endpoint without identities, e.g. in tests).
	 */
	presence?: PresenceIdentity;
	/** Whatever {@link CollabOptions.validate} needs to know of the writer (e.g. the principal). */
	scope?: unknown;
} | null;

/** Why an incoming update was refused: a code, where, and the words (Vietnamese, English). */
export interface CollabRefusal {
	error: string;
	where?: string;
	message: string;
	messageEn: string;
}

/** What {@link CollabOptions.validate} is shown: one incoming update, applied to a shadow copy. */
export interface CollabUpdateCheck {
	docName: string;
	/** The shadow copy, with the update applied inside `transaction` (not yet cleaned up). */
	doc: Y.Doc;
	transaction: Y.Transaction;
	actor: CollabActor | null;
	scope: unknown;
}

/** The identity stamped on a connection's awareness state as its `user`. */
export interface PresenceIdentity {
	/** Stable per person (principalKey), so two tabs of one person show as one. */
	key: string;
	name: string;
	/** The role (e.g. `ward_commander`), or the kind of a non-person principal (`kiosk`, `api`). */
	role: string | null;
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
 *   actorOf (connection.ts) tells who made them.
 * - `flush` is awaited before an idle document is unloaded and for every loaded document on
 *   {@link Collab.close}. If it throws during idle unload, the document stays in memory and the
 *   unload is retried after another idle period (so unsaved edits are not dropped).
 */
export interface CollabPersistence {
	load(name: string, doc: Y.Doc): Promise<void>;
	flush(name: string, doc: Y.Doc): Promise<void>;
}

/** What {@link CollabOptions.admit} knows of a connection. `tags` are empty until it is authorized. */
interface CollabConnInfo {
	/** Unique per connection in this process. */
	readonly id: number;
	readonly docName: string;
	readonly tags: readonly string[];
}

/** Options of createCollab (server.ts). */
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
	authorize?: (req: IncomingMessage, docName: string) => Promise<CollabAuthResult> | CollabAuthResult;
	/** Optional storage hook, see {@link CollabPersistence}. Default: purely in-memory. */
	persistence?: CollabPersistence;
	/**
	 * The document's rules, checked for every incoming update BEFORE it is applied to the document,
	 * relayed or persisted: the update is first applied to a shadow copy of the document inside a
	 * transaction, and this hook judges that transaction. A refusal (non-null) closes the
	 * connection with 4422 after an auth "permission denied" message carrying the reason as JSON;
	 * nothing of the update reaches the document, and the shadow is rebuilt from the document.
	 * Updates whose dependencies the server does not have are refused too (they would wait,
	 * unchecked, in the pending store). See docs/collab-validation.md.
	 */
	validate?: (check: CollabUpdateCheck) => CollabRefusal | null;
	/** Largest accepted single update (sync step 2 or update), in bytes; refused with 4413. Default: no limit beyond maxMessageBytes. */
	maxUpdateBytes?: number;
	/** Largest state a document may reach through client updates, in bytes; refused with 4413. Default: no limit. */
	maxDocBytes?: number;
}

/** The collaboration endpoint returned by createCollab (server.ts). */
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
