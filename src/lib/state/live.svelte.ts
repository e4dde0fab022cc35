/**
 * The browser's live connection: the only wall code that talks to socket.io. Components read
 * its getters; the protocol's rules are in lib/domain/feed.ts.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LiveSnapshot, ResumeReply, ServerToClientEvents } from '$lib/contracts/live';
import { LiveFeed } from '$lib/domain/feed';

/** `ended`: this screen's access was revoked or its session ended — it goes blank and stays so. */
export type ConnectionStatus = 'connecting' | 'syncing' | 'live' | 'reconnecting' | 'ended';

const RESUME_TIMEOUT_MS = 10_000;

export class LiveConnection {
	#snapshot = $state<LiveSnapshot | null>(null);
	#status = $state<ConnectionStatus>('connecting');
	/** When the connection was lost (null while live). */
	#downSince = $state<Date | null>(new Date());
	#now = $state(new Date());
	#feed: LiveFeed;
	#socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
	#ticker: ReturnType<typeof setInterval> | null = null;

	constructor(initial: LiveSnapshot | null) {
		this.#feed = new LiveFeed(initial);
		this.#snapshot = initial;
	}

	get snapshot(): LiveSnapshot | null {
		return this.#snapshot;
	}
	get status(): ConnectionStatus {
		return this.#status;
	}
	get downSince(): Date | null {
		return this.#downSince;
	}
	/** A clock ticking every second, so ages and the wall clock move without a reload. */
	get now(): Date {
		return this.#now;
	}

	start(): void {
		this.#ticker = setInterval(() => (this.#now = new Date()), 1000);
		const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
			path: '/socket.io',
			// A wall must come back by itself, quickly, forever.
			reconnection: true,
			reconnectionDelay: 500,
			reconnectionDelayMax: 3000,
			randomizationFactor: 0.5
		});
		this.#socket = socket;
		socket.on('connect', () => {
			this.#status = 'syncing';
			this.#resume();
		});
		socket.on('disconnect', (reason) => {
			if (this.#status === 'ended') return;
			this.#status = 'reconnecting';
			this.#downSince ??= new Date();
			this.#feed.failResume();
			// After a server-side disconnect socket.io does not retry on its own; a wall must.
			if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1000 + Math.random() * 2000);
		});
		socket.on('access:ended', () => this.#end());
		socket.on('connect_error', (err) => {
			// The server refused our credentials (revoked kiosk, expired session): do not retry forever.
			if (err.message === 'unauthorized' || err.message === 'forbidden') this.#end();
		});
		socket.on('live:event', (event) => {
			this.#feed.onEvent(event);
			this.#sync();
		});
	}

	stop(): void {
		if (this.#ticker) clearInterval(this.#ticker);
		this.#socket?.removeAllListeners();
		this.#socket?.close();
		this.#socket = null;
	}

	#end(): void {
		this.#status = 'ended';
		this.#snapshot = null;
		this.#socket?.removeAllListeners();
		this.#socket?.close();
		this.#socket = null;
	}

	#resume(): void {
		const socket = this.#socket;
		if (!socket?.connected) return;
		this.#feed.beginResume();
		socket.timeout(RESUME_TIMEOUT_MS).emit('live:resume', { since: this.#feed.seq }, (err: Error | null, reply: ResumeReply) => {
			if (err || reply.mode === 'error') {
				this.#feed.failResume();
				setTimeout(() => this.#sync(), 2000);
				return;
			}
			if (reply.mode === 'snapshot') this.#feed.onSnapshot(reply.snapshot);
			else this.#feed.onEvents(reply.events);
			this.#status = 'live';
			this.#downSince = null;
			this.#sync();
		});
	}

	#sync(): void {
		this.#snapshot = this.#feed.snapshot;
		if (this.#feed.needsResume() && this.#socket?.connected) {
			this.#status = 'syncing';
			this.#resume();
		}
	}
}
