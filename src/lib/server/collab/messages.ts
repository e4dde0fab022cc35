/**
 * The wire: message types, close codes and the frames the server sends, in the plain y-websocket
 * protocol — identical to what the stock `y-websocket` v3 `WebsocketProvider` speaks, and to the
 * reference server in `@y/websocket-server`. Every binary frame starts with a varUint message type:
 *   0 = sync       (followed by a y-protocols/sync message: step1 | step2 | update)
 *   1 = awareness  (followed by a varUint8Array awareness update)
 *   2 = auth       (server → client only; the client merely logs "permission denied")
 *   3 = query awareness (client asks for every known awareness state)
 * The document name is NOT part of a message; it is the last path segment of the websocket URL
 * (`/yjs/<document>`), which is why one connection maps to exactly one document.
 *
 * Why one module: a close code or a frame layout is what the stock client reacts to (4400-4499:
 * it does not reconnect), so each is written once, here, and nowhere else.
 */
import type * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as authProtocol from 'y-protocols/auth';
import * as encoding from 'lib0/encoding';
import type { RawData } from 'ws';
import type { CollabRefusal } from './types.ts';

/** Top-level message types of the y-websocket protocol (see module comment). */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** Close codes used by this server. 4400-4499 tells the stock client NOT to reconnect. */
export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_UNSUPPORTED_DATA = 1003;
export const CLOSE_INVALID_PAYLOAD = 1007;
export const CLOSE_INTERNAL_ERROR = 1011;
export const CLOSE_TRY_AGAIN_LATER = 1013;
export const CLOSE_FORBIDDEN = 4403;
/**
 * A policy violation (a flood of messages, or of presences that are not the connection's): the
 * stock client reconnects after its backoff, under the same limits.
 */
export const CLOSE_POLICY = 1008;
/** An update refused for its size (one update, or the document it would make). */
export const CLOSE_TOO_LARGE = 4413;
/** An update refused by the document's rules (see CollabOptions.validate). */
export const CLOSE_REFUSED = 4422;

/** Server → client sync step 1: makes the client send what the server is missing (its step 2). */
export function syncStep1Message(doc: Y.Doc): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeSyncStep1(encoder, doc);
	return encoding.toUint8Array(encoder);
}

/** The answer to a client's sync step 1: everything of `doc` beyond its state vector. */
export function syncStep2Message(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeSyncStep2(encoder, doc, stateVector);
	return encoding.toUint8Array(encoder);
}

/** One document update, as relayed to the other connections. */
export function updateMessage(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** The awareness states of `clients` (a removed client's as null). */
export function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
	return encoding.toUint8Array(encoder);
}

/** Why an update was refused, as an auth "permission denied" message (the stock provider logs it). */
export function permissionDeniedMessage(refusal: CollabRefusal): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AUTH);
	authProtocol.writePermissionDenied(encoder, JSON.stringify(refusal));
	return encoding.toUint8Array(encoder);
}

/** `ws` hands out Buffer (default binaryType), but be robust against the other RawData shapes. */
export function toBytes(data: RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export function sizeRefusal(error: 'update_too_large' | 'document_too_large', max: number): CollabRefusal {
	const kib = Math.floor(max / 1024);
	return error === 'update_too_large'
		? { error, message: `Bản cập nhật vượt quá ${kib} KiB`, messageEn: `The update exceeds ${kib} KiB` }
		: { error, message: `Tài liệu sẽ vượt quá ${kib} KiB`, messageEn: `The document would exceed ${kib} KiB` };
}

/** A close reason is at most 123 bytes: the code and where, in ASCII. */
export function closeReason(r: CollabRefusal): string {
	const s = (r.where ? `${r.error} ${r.where}` : r.error).replace(/[^\x20-\x7e]/g, '?');
	return s.length > 123 ? s.slice(0, 123) : s;
}
