/**
 * The event bus: where committed outbox events go after the commit. In one process it is an
 * in-memory fan-out; with several processes an adapter (e.g. socket.io's Redis Streams adapter,
 * fed from the same outbox) replaces it behind this interface — nothing else assumes one process.
 */
import type { LiveEvent } from '../../contracts/live.ts';

export interface EventBus {
	publish(event: LiveEvent): void;
	/** Returns the unsubscribe function. */
	subscribe(listener: (event: LiveEvent) => void): () => void;
}

export function createLocalBus(onListenerError?: (err: unknown) => void): EventBus {
	const listeners = new Set<(event: LiveEvent) => void>();
	return {
		publish(event) {
			for (const l of listeners) {
				try {
					l(event);
				} catch (err) {
					// One failing listener must not stop the others from hearing the event.
					onListenerError?.(err);
				}
			}
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		}
	};
}
