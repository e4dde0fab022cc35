/**
 * Tracks writes in progress so a graceful shutdown can let them finish (and refuse new ones)
 * before the database closes.
 */
import { ShuttingDownError } from './errors.ts';

export class Inflight {
	#count = 0;
	#closing = false;
	#waiters: Array<() => void> = [];

	get count(): number {
		return this.#count;
	}

	async run<T>(work: () => Promise<T>): Promise<T> {
		if (this.#closing) throw new ShuttingDownError();
		this.#count++;
		try {
			return await work();
		} finally {
			this.#count--;
			if (this.#count === 0) for (const w of this.#waiters.splice(0)) w();
		}
	}

	/** Refuse new work and resolve when the running work is done. */
	drain(): Promise<void> {
		this.#closing = true;
		if (this.#count === 0) return Promise.resolve();
		return new Promise((resolve) => this.#waiters.push(resolve));
	}
}
