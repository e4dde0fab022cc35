/**
 * socket.io side of the live protocol: handshake authentication, rooms by what the connection may
 * see, resume requests, fan-out of bus events, and cutting connections whose access ended.
 */
import type { Server, Socket } from 'socket.io';
import type { Logger } from 'pino';
import { parse as parseCookie } from 'cookie';
import {
	DISTRICT_ROOM,
	resumeRequest,
	wardRoom,
	type ClientToServerEvents,
	type ServerToClientEvents
} from '../../contracts/live.ts';
import { principalKey, type Principal } from '../../domain/access.ts';
import type { LiveService } from '../services/live.ts';
import { credentialsFromHeaders, type AuthService, type Credentials } from '../services/auth.ts';
import type { EventBus } from './bus.ts';

interface SocketData {
	principal: Principal;
	credentials: Credentials;
}

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Sessions expire while a socket is open: re-check every connection this often. */
const REVALIDATE_MS = 60_000;

const principalRoom = (key: string) => `principal:${key}`;

/** Wires live clients to the bus; returns a function that unwires. */
export function attachLive(
	io: LiveServer,
	deps: { live: LiveService; auth: AuthService; bus: EventBus; logger: Logger; revalidateMs?: number }
): () => void {
	const { live, auth, bus, logger } = deps;

	io.use(async (socket, next) => {
		try {
			const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : null;
			const credentials = credentialsFromHeaders(socket.handshake.headers, parseCookie, token);
			const a = await auth.authenticate(credentials);
			if (!a.principal) return next(Object.assign(new Error('unauthorized'), { data: { reason: a.problem } }));
			live.scopeOf(a.principal); // throws when it may read nothing
			socket.data.principal = a.principal;
			socket.data.credentials = credentials;
			next();
		} catch {
			next(Object.assign(new Error('forbidden'), { data: { reason: 'forbidden' } }));
		}
	});

	io.on('connection', (socket: LiveSocket) => {
		const p = socket.data.principal;
		const ward = live.scopeOf(p);
		// A connection joins only the rooms it may see.
		void socket.join(ward ? wardRoom(ward) : DISTRICT_ROOM);
		void socket.join(principalRoom(principalKey(p)));
		socket.on('live:resume', async (request, ack) => {
			if (typeof ack !== 'function') return;
			const parsed = resumeRequest.safeParse(request);
			if (!parsed.success) {
				ack({ mode: 'error', message: 'invalid live:resume request: expected { since: number | null }' });
				return;
			}
			try {
				ack(await live.resume(socket.data.principal, parsed.data.since));
			} catch (err) {
				logger.error({ err }, 'live:resume failed');
				ack({ mode: 'error', message: 'server error' });
			}
		});
	});

	const offLive = bus.subscribe((event) => {
		const rooms = [DISTRICT_ROOM, ...(event.wardCode ? [wardRoom(event.wardCode)] : [])];
		io.to(rooms).emit('live:event', event);
	});

	const offControl = bus.subscribeControl((msg) => {
		if (msg.type !== 'access:revoked') return;
		const room = io.in(principalRoom(msg.principalKey));
		room.emit('access:ended', { reason: msg.reason });
		room.disconnectSockets(true);
	});

	// Expired sessions and tokens revoked by another process are caught here within a minute.
	const timer = setInterval(async () => {
		for (const socket of await io.fetchSockets()) {
			const a = await auth.authenticate(socket.data.credentials).catch(() => null);
			if (a && !a.principal) {
				socket.emit('access:ended', { reason: a.problem === 'kiosk_revoked' ? 'revoked' : 'expired' });
				socket.disconnect(true);
			}
		}
	}, deps.revalidateMs ?? REVALIDATE_MS);
	timer.unref();

	return () => {
		offLive();
		offControl();
		clearInterval(timer);
	};
}
