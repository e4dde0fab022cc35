/**
 * socket.io side of the live protocol: handshake authentication, rooms by what the connection may
 * see, resume requests, fan-out of bus events, cutting connections whose access ended, and the
 * flood limits of each connection and principal.
 */
import type { Server, Socket } from 'socket.io';
import type { Logger } from 'pino';
import { parse as parseCookie } from 'cookie';
import { DISTRICT_ROOM, resumeRequest, wardRoom, type ClientToServerEvents, type ServerToClientEvents } from '../../contracts/live.ts';
import { principalKey, type Principal } from '../../domain/access.ts';
import type { LiveService } from '../services/live.ts';
import { accessKeys, credentialsFromHeaders, type AuthService } from '../services/auth.ts';
import type { Limits } from '../limits.ts';
import { controlTarget, type EventBus } from './bus.ts';

interface SocketData {
	principal: Principal;
	/** Tags this connection is cut by (principal, session): see accessKeys. */
	keys: string[];
}

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface LiveLimits {
	limits: Limits;
	maxConnectionsPerAccount: number;
	maxConnectionsPerKiosk: number;
	eventsPer10s: number;
	resumesPer10s: number;
}

const keyRoom = (key: string) => `access:${key}`;

/** Wires live clients to the bus; returns a function that unwires. */
export function attachLive(io: LiveServer, deps: { live: LiveService; auth: AuthService; bus: EventBus; logger: Logger; limits: LiveLimits }): () => void {
	const { live, auth, bus, logger } = deps;
	const { limits } = deps.limits;
	const slots = limits.slots('socket.io');
	const events = limits.rate('socket.io:events', deps.limits.eventsPer10s, 10);
	const resumes = limits.rate('socket.io:resume', deps.limits.resumesPer10s, 10);
	// …and per principal, so that many sockets of one account do not multiply the snapshots.
	const principalResumes = limits.rate('socket.io:resume:principal', deps.limits.resumesPer10s * 4, 10);
	const refuse = (message: string, reason: string) => Object.assign(new Error(message), { data: { reason } });

	io.use(async (socket, next) => {
		try {
			const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : null;
			const a = await auth.authenticate(credentialsFromHeaders(socket.handshake.headers, parseCookie, token));
			if (!a.principal) return next(refuse('unauthorized', a.problem));
			// A one-time password opens the change-password page and nothing else.
			if (a.mustChangePassword) return next(refuse('forbidden', 'must_change_password'));
			live.scopeOf(a.principal); // throws when it may read nothing
			const key = principalKey(a.principal);
			const max = a.principal.kind === 'kiosk' ? deps.limits.maxConnectionsPerKiosk : deps.limits.maxConnectionsPerAccount;
			if (!(await slots.acquire(key, max))) return next(refuse('too_many_connections', 'too_many_connections'));
			// Given back when the transport closes, however it closes (also during the handshake).
			let held = true;
			const release = () => {
				if (held) void slots.release(key).catch(() => {});
				held = false;
			};
			if (socket.conn.readyState !== 'open') {
				release();
				return next(refuse('closed', 'closed'));
			}
			socket.conn.once('close', release);
			socket.data.principal = a.principal;
			socket.data.keys = accessKeys(a);
			next();
		} catch {
			next(refuse('forbidden', 'forbidden'));
		}
	});

	io.on('connection', (socket: LiveSocket) => {
		const p = socket.data.principal;
		const ward = live.scopeOf(p);
		// A connection joins only the rooms it may see, and one room per tag it can be cut by.
		void socket.join([ward ? wardRoom(ward) : DISTRICT_ROOM, ...socket.data.keys.map(keyRoom)]);
		// Every event counts against the connection's rate; one over it is dropped, and so is the
		// connection — on the next turn, so that the events admitted before it are still answered.
		let dropping = false;
		socket.use((_packet, next) => {
			if (dropping) return; // what is still in flight costs nothing more
			void events.take(socket.id).then((ok) => {
				if (ok) return next();
				if (dropping) return;
				dropping = true;
				logger.warn({ principal: principalKey(p) }, 'socket.io: event rate exceeded, dropping the connection');
				setImmediate(() => socket.disconnect(true));
			});
		});
		socket.on('live:resume', async (request, ack) => {
			if (typeof ack !== 'function') return;
			const parsed = resumeRequest.safeParse(request);
			if (!parsed.success) {
				ack({ mode: 'error', message: 'invalid live:resume request: expected { since: number | null }' });
				return;
			}
			// A resume may build a whole snapshot: answered at a bounded rate, the rest cheaply refused.
			if (!(await resumes.take(socket.id)) || !(await principalResumes.take(principalKey(p)))) {
				ack({ mode: 'error', message: 'rate_limited: too many live:resume requests, retry in a few seconds' });
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
		const { key, reason } = controlTarget(msg);
		const room = io.in(keyRoom(key));
		room.emit('access:ended', { reason });
		room.disconnectSockets(true);
	});

	return () => {
		offLive();
		offControl();
	};
}

/** The tags of every open socket.io connection of this process (for the access re-check). */
export function liveKeys(io: LiveServer): string[] {
	const keys: string[] = [];
	for (const socket of io.of('/').sockets.values()) keys.push(...(socket.data.keys ?? []));
	return keys;
}
