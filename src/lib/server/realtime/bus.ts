/**
 * The event bus: where committed outbox events go after the commit, and where access revocations
 * go so every live connection of a revoked principal is cut. In one process it is an in-memory
 * fan-out; with several processes an adapter (e.g. socket.io's Redis Streams adapter, fed from
 * the same outbox) replaces it behind this interface — nothing else assumes one process.
 */
import type { LiveEvent } from '../../contracts/live.ts';

/** Not for clients: instructions between server parts. */
export type ControlMessage = {
	type: 'access:revoked';
	/** `user:<id>`, `kiosk:<id>` or `api:<id>` (see principalKey). */
	principalKey: string;
	reason: 'revoked' | 'disabled' | 'signed_out' | 'password_reset';
};

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
