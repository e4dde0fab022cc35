/** socket.io side of the live protocol: rooms, resume requests, and fan-out of bus events. */
import type { Server } from 'socket.io';
import type { Logger } from 'pino';
import {
	DISTRICT_ROOM,
	resumeRequest,
	type ClientToServerEvents,
	type ServerToClientEvents
} from '../../contracts/live.ts';
import type { LiveService } from '../services/live.ts';
import type { EventBus } from './bus.ts';

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents>;

/** Wires live clients to the bus; returns a function that unwires. */
export function attachLive(io: LiveServer, deps: { live: LiveService; bus: EventBus; logger: Logger }): () => void {
	const { live, bus, logger } = deps;
	io.on('connection', (socket) => {
		// Accounts and rooms per ward come with the authorization issue; today every reader is district-wide.
		void socket.join(DISTRICT_ROOM);
		socket.on('live:resume', async (request, ack) => {
			if (typeof ack !== 'function') return;
			const parsed = resumeRequest.safeParse(request);
			if (!parsed.success) {
				ack({ mode: 'error', message: 'invalid live:resume request: expected { since: number | null }' });
				return;
			}
			try {
				ack(await live.resume(parsed.data.since));
			} catch (err) {
				logger.error({ err }, 'live:resume failed');
				ack({ mode: 'error', message: 'server error' });
			}
		});
	});
	return bus.subscribe((event) => {
		io.to(DISTRICT_ROOM).emit('live:event', event);
	});
}
