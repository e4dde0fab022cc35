/**
 * Whether the page on screen is the device's saved copy rather than the server's current answer,
 * and since when — so a commander never takes an offline copy for current figures.
 *
 * The service worker (src/service-worker.ts) marks a page it serves from its cache with
 * `<html data-offline-copy="…">` (a full load) and tells the page, per path, whether each
 * `__data.json` it answered came from the network or from the cache (client-side navigation,
 * figures reloaded after the outbox sent entries).
 *
 * This class also registers the worker — only on the pages that open offline, never on a wall
 * (kit.serviceWorker.register is false; see the worker's header), and not under `vite dev`, where
 * a worker would keep serving pages of a dev server that is down.
 */
import { dev } from '$app/environment';
import { OFFLINE_COPY_ATTRIBUTE, registersWorker, type OfflineCopyMessage } from '$lib/domain/offline-cache';

export class OfflineCopies {
	/** Path → when the copy on screen was saved (ISO), or null when it came from the network. */
	#copies = $state<Record<string, string | null>>({});
	#online = $state(true);
	#registered = false;
	#onMessage = (event: MessageEvent) => {
		const m = event.data as Partial<OfflineCopyMessage> | null;
		if (m?.type !== 'cp:page' || typeof m.path !== 'string') return;
		this.#copies[m.path] = typeof m.savedAt === 'string' && m.savedAt ? m.savedAt : null;
	};
	#onOnline = () => (this.#online = true);
	#onOffline = () => (this.#online = false);

	/** When the copy of `path` on screen was saved, or null when it is the server's current page. */
	savedAt(path: string): Date | null {
		const iso = this.#copies[path];
		if (!iso) return null;
		const at = new Date(iso);
		return Number.isNaN(at.getTime()) ? null : at;
	}

	get online(): boolean {
		return this.#online;
	}

	/** Call once in the browser; returns the cleanup. */
	start(): () => void {
		this.#online = navigator.onLine;
		addEventListener('online', this.#onOnline);
		addEventListener('offline', this.#onOffline);
		const marked = document.documentElement.getAttribute(OFFLINE_COPY_ATTRIBUTE);
		if (marked) this.#copies[location.pathname] = marked;
		const container = 'serviceWorker' in navigator ? navigator.serviceWorker : null;
		if (container) {
			container.addEventListener('message', this.#onMessage);
			container.startMessages();
		}
		this.visit(location.pathname);
		return () => {
			removeEventListener('online', this.#onOnline);
			removeEventListener('offline', this.#onOffline);
			container?.removeEventListener('message', this.#onMessage);
		};
	}

	/** Every page the browser shows (also after client-side navigation, e.g. from /login). */
	visit(path: string): void {
		if (this.#registered || dev || !registersWorker(path) || !('serviceWorker' in navigator)) return;
		this.#registered = true;
		navigator.serviceWorker.register('/service-worker.js').catch(() => {
			// No worker (private mode, an old browser): the page simply does not open offline.
			this.#registered = false;
		});
	}

	/** The connection is back: load the current page instead of the copy. */
	reload(): void {
		location.reload();
	}
}
