/**
 * The event bus: where committed outbox events go after the commit, and where access revocations
 * go so every live connection of a revoked principal is cut. In one process it is an in-memory
 * fan-out; with several processes an adapter (e.g. socket.io's Redis Streams adapter, fed from
 * the same outbox) replaces it behind this interface — nothing else assumes one process.
 */
import type { LiveEvent } from '../../contracts/live.ts';

/**
 * Not for clients: instructions between server parts. Every live connection (socket.io and /yjs)
 * is tagged with its principal's key and, for a person, its session's key, so that either can be
 * cut: `access:revoked` ends everything of a principal (disabled, password reset, token revoked,
 * role or ward changed), `session:ended` one session (signed out, ended by a password change
 * made elsewhere, idle or past its maximum age).
 */
export type ControlMessage =
	| {
			type: 'access:revoked';
			/** `user:<id>`, `kiosk:<id>` or `api:<id>` (see principalKey). */
			principalKey: string;
			reason: 'revoked' | 'disabled' | 'signed_out' | 'password_reset';
	  }
	| {
			type: 'session:ended';
			/** `session:<id>` (see sessionKey). */
			sessionKey: string;
			reason: 'signed_out' | 'password_changed' | 'expired';
	  };

const SESSION_PREFIX = 'session:';
/** The tag of one session's live connections; `id` is the session row's id (its token's hash). */
export const sessionKey = (id: string) => SESSION_PREFIX + id;
/** The session id of a `session:<id>` tag, or null for any other tag. */
export const sessionIdOf = (key: string) => (key.startsWith(SESSION_PREFIX) ? key.slice(SESSION_PREFIX.length) : null);

/** The tag a control message cuts, and why (as `access:ended` tells the client). */
export function controlTarget(m: ControlMessage): { key: string; reason: ControlMessage['reason'] } {
	return m.type === 'access:revoked' ? { key: m.principalKey, reason: m.reason } : { key: m.sessionKey, reason: m.reason };
}

export interface EventBus {
	publish(event: LiveEvent): void;
	/** Returns the unsubscribe function. */
	subscribe(listener: (event: LiveEvent) => void): () => void;
	publishControl(message: ControlMessage): void;
	subscribeControl(listener: (message: ControlMessage) => void): () => void;
}

function fanout<T>(onError?: (err: unknown) => void) {
	const listeners = new Set<(m: T) => void>();
	return {
		publish(m: T) {
			for (const l of listeners) {
				try {
					l(m);
				} catch (err) {
					// One failing listener must not stop the others from hearing the message.
					onError?.(err);
				}
			}
		},
		subscribe(l: (m: T) => void) {
			listeners.add(l);
			return () => void listeners.delete(l);
		}
	};
}

export function createLocalBus(onListenerError?: (err: unknown) => void): EventBus {
	const live = fanout<LiveEvent>(onListenerError);
	const control = fanout<ControlMessage>(onListenerError);
	return {
		publish: live.publish,
		subscribe: live.subscribe,
		publishControl: control.publish,
		subscribeControl: control.subscribe
	};
}
