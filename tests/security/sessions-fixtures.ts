/**
 * Helpers of the sessions, sign-in and floods tests: real socket.io clients and stock y-websocket
 * providers with a person's or a device's credentials, and what the server holds of their edits.
 */
import http from 'node:http';
import { io, type Socket } from 'socket.io-client';
import * as Y from 'yjs';
import { addColumn } from '../../src/lib/contracts/board-edits.ts';
import { SESSION_COOKIE } from '../../src/lib/server/services/auth.ts';
import { hasEditsOf, synced, waitFor, yjsClient, type ClientOpts, type YjsClient } from '../fixtures/collab.ts';
import type { TestServerHandle } from '../fixtures/server.ts';

export interface LiveClient {
	sock: Socket;
	/** Reasons of every `access:ended` the server sent. */
	ended: string[];
}

/** A socket.io client over websocket only, never reconnecting by itself (so a cut stays visible). */
export function liveClient(url: string, opts: ClientOpts): LiveClient {
	const sock = io(url, {
		transports: ['websocket'],
		forceNew: true,
		reconnection: false,
		extraHeaders: opts.cookie ? { cookie: opts.cookie } : {},
		auth: opts.token ? { token: opts.token } : {}
	});
	const ended: string[] = [];
	sock.on('access:ended', (i: { reason: string }) => ended.push(i.reason));
	return { sock, ended };
}

/** The error (message and reason) a refused handshake gets. */
export function connectError(c: LiveClient): Promise<{ message: string; reason: unknown }> {
	return new Promise((resolve, reject) => {
		c.sock.once('connect', () => reject(new Error('connected, expected a refusal')));
		c.sock.once('connect_error', (e: Error & { data?: { reason?: unknown } }) => resolve({ message: e.message, reason: e.data?.reason }));
	});
}

/** A socket.io connection and a /yjs provider of one credential, both open and synced. */
export interface Both {
	live: LiveClient;
	yjs: YjsClient;
}

export async function openBoth(url: string, docName: string, opts: ClientOpts): Promise<Both> {
	const live = liveClient(url, opts);
	const yjs = yjsClient(url, docName, opts);
	await waitFor('socket.io connected', () => live.sock.connected);
	await synced(yjs);
	return { live, yjs };
}

/** Both connections closed by the server: the socket disconnected, the provider closed with 4403. */
export async function cut(b: Both, ms = 8000): Promise<number> {
	const t0 = Date.now();
	await waitFor('socket.io disconnected', () => !b.live.sock.connected, ms);
	await waitFor('/yjs closed with 4403', () => b.yjs.closes.includes(4403), ms);
	return Date.now() - t0;
}

export function closeBoth(b: Both): void {
	b.live.sock.close();
	b.yjs.destroy();
}

/**
 * An edit by `doc`'s own Yjs client (the server may or may not keep it): a new column, which
 * carries no author stamp — the board rules would refuse a card stamped with another name than
 * the connection's, and that refusal is not what these tests are about.
 */
export function edit(doc: Y.Doc, title: string): void {
	addColumn(doc, title);
}

/** Whether the server's own copy of `docName` holds anything of the client `clientId`. */
function serverHasEditsOf(server: TestServerHandle, docName: string, clientId: number): boolean {
	return hasEditsOf(server.current().realtime.collab.getDoc(docName), clientId);
}

/**
 * After a cut: the client edits, tries to reconnect with its old credential (refused with 4403
 * again), then a legitimate writer's edit reaches the server — and the cut client's never does.
 */
export async function laterEditNotStored(server: TestServerHandle, url: string, docName: string, b: Both, writer: ClientOpts): Promise<void> {
	edit(b.yjs.doc, 'sửa sau khi bị cắt / edit after the cut');
	const closesBefore = b.yjs.closes.length;
	b.yjs.provider.connect();
	await waitFor('reconnect refused', () => b.yjs.closes.length > closesBefore && b.yjs.closes.at(-1) === 4403);
	const w = yjsClient(url, docName, writer);
	try {
		await synced(w);
		edit(w.doc, 'sửa hợp lệ / legitimate edit');
		await waitFor('the legitimate edit stored', () => serverHasEditsOf(server, docName, w.doc.clientID));
		if (serverHasEditsOf(server, docName, b.yjs.doc.clientID)) throw new Error('an edit made after the cut was stored');
	} finally {
		w.destroy();
	}
}

/** POST JSON over plain node:http from a chosen local address (127.0.0.x), with extra headers. */
export function postJson(
	url: string,
	body: unknown,
	opts: { localAddress?: string; headers?: Record<string, string> } = {}
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
	const data = Buffer.from(JSON.stringify(body));
	return new Promise((resolve, reject) => {
		const req = http.request(
			url,
			{
				method: 'POST',
				localAddress: opts.localAddress,
				headers: { 'content-type': 'application/json', 'content-length': String(data.length), ...opts.headers }
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
			}
		);
		req.on('error', reject);
		req.end(data);
	});
}

/** The session cookie (`cp_session=…`) of a sign-in answer. */
export function sessionCookieOf(headers: http.IncomingHttpHeaders | Headers): string {
	const all = headers instanceof Headers ? headers.getSetCookie() : ([] as string[]).concat(headers['set-cookie'] ?? []);
	const c = all.find((v) => v.startsWith(`${SESSION_COOKIE}=`));
	if (!c) throw new Error('no session cookie');
	return c.split(';')[0]!;
}
