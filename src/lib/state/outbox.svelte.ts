/**
 * The tablet's outbox: entries are written to IndexedDB first, then sent in order, one at a time,
 * each with its own idempotency key — so an entry made offline survives a reload, is sent when the
 * connection returns, and is counted once even if an answer is lost and it is sent again.
 * The only browser code (besides live.svelte.ts) that talks to the network.
 */
import { backoff, decide, methodOf, stampEntered, type EntryMethod, type EntryStatus } from '$lib/domain/outbox';
import type { FieldError } from '$lib/contracts/errors';

export interface OutboxEntry {
	/** Also the Idempotency-Key. */
	id: string;
	kind: string;
	ward: string;
	/** Absent on entries stored before entries could be changes: those are POSTs (domain/outbox methodOf). */
	method?: EntryMethod;
	url: string;
	body: unknown;
	/** What the entry is, in the commander's words, made when it was queued ("Tiếp nhận 5 người — …"). */
	label?: string;
	createdAt: string;
	status: EntryStatus;
	attempts: number;
	/** The server's refusal, shown to the commander. */
	errors: FieldError[];
	message: string | null;
	sentAt: string | null;
}

const DB = 'command-post';
const STORE = 'outbox';
/** Sent entries kept on the device for the "sent" list; older ones are removed. */
const KEEP_SENT = 20;

function openDb(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const req = indexedDB.open(DB, 1);
		req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

function tx<T>(db: IDBDatabase, mode: IDBTransactionMode, run: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
	return new Promise((resolve, reject) => {
		const t = db.transaction(STORE, mode);
		const req = run(t.objectStore(STORE));
		t.oncomplete = () => resolve(req ? req.result : undefined);
		t.onerror = () => reject(t.error);
	});
}

export interface OutboxOptions {
	/**
	 * Called once after a run of sends in which at least one entry was accepted — once per run, not
	 * per entry, so a tablet coming back online with twenty entries reloads its figures once.
	 */
	onSent?: () => void;
}

export class EntryOutbox {
	#entries = $state<OutboxEntry[]>([]);
	#online = $state(true);
	#needsSignIn = $state(false);
	#sending = $state(false);
	#db: IDBDatabase | null = null;
	#timer: ReturnType<typeof setTimeout> | null = null;
	/** Resolves when the device's stored entries are loaded: an entry added earlier would be lost. */
	#ready: Promise<void> | null = null;
	#onSent: (() => void) | undefined;
	#onOnline = () => {
		this.#online = true;
		void this.#pump();
	};
	#onOffline = () => (this.#online = false);

	constructor(options: OutboxOptions = {}) {
		this.#onSent = options.onSent;
	}

	get entries(): OutboxEntry[] {
		return this.#entries;
	}
	get online(): boolean {
		return this.#online;
	}
	get sending(): boolean {
		return this.#sending;
	}
	get needsSignIn(): boolean {
		return this.#needsSignIn;
	}
	get waiting(): number {
		return this.#entries.filter((e) => e.status === 'waiting' || e.status === 'sending').length;
	}

	start(): Promise<void> {
		this.#ready ??= this.#load();
		return this.#ready;
	}

	async #load(): Promise<void> {
		this.#online = navigator.onLine;
		addEventListener('online', this.#onOnline);
		addEventListener('offline', this.#onOffline);
		this.#db = await openDb();
		const all = ((await tx(this.#db, 'readonly', (s) => s.getAll())) as OutboxEntry[] | undefined) ?? [];
		// An entry caught mid-send by a reload is simply waiting again: its key makes a resend safe.
		this.#entries = all
			.map((e): OutboxEntry => (e.status === 'sending' ? { ...e, status: 'waiting' } : e))
			.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
		void this.#pump();
	}

	stop(): void {
		removeEventListener('online', this.#onOnline);
		removeEventListener('offline', this.#onOffline);
		if (this.#timer) clearTimeout(this.#timer);
		this.#db?.close();
	}

	/** Keeps the entry on the device, then sends it when its turn comes, as its kind says (lib/entries endpointOf). */
	async add(kind: string, ward: string, endpoint: { method: EntryMethod; url: string }, body: unknown, label?: string): Promise<OutboxEntry> {
		await this.start();
		const createdAt = new Date().toISOString();
		const entry: OutboxEntry = {
			id: crypto.randomUUID(),
			kind,
			ward,
			method: endpoint.method,
			url: endpoint.url,
			body: stampEntered(body, createdAt),
			label,
			createdAt,
			status: 'waiting',
			attempts: 0,
			errors: [],
			message: null,
			sentAt: null
		};
		await this.#save(entry);
		this.#entries = [...this.#entries, entry];
		void this.#pump();
		return entry;
	}

	/** Removes a refused entry the commander has read. */
	async dismiss(id: string): Promise<void> {
		if (this.#db) await tx(this.#db, 'readwrite', (s) => s.delete(id));
		this.#entries = this.#entries.filter((e) => e.id !== id);
	}

	async #save(e: OutboxEntry): Promise<void> {
		if (this.#db) await tx(this.#db, 'readwrite', (s) => s.put($state.snapshot(e) as OutboxEntry));
	}

	#update(id: string, patch: Partial<OutboxEntry>): OutboxEntry | undefined {
		let updated: OutboxEntry | undefined;
		this.#entries = this.#entries.map((e) => (e.id === id ? (updated = { ...e, ...patch }) : e));
		return updated;
	}

	/** Sends waiting entries strictly in order, one at a time; a refused one does not block the next. */
	async #pump(): Promise<void> {
		// Known offline: do not spend attempts (and lengthen the backoff) on sends that cannot
		// arrive; the 'online' event starts the queue again.
		if (this.#sending || !this.#db || !this.#online) return;
		this.#sending = true;
		try {
			if (navigator.locks) await navigator.locks.request('command-post-outbox', () => this.#drain());
			else await this.#drain();
		} finally {
			this.#sending = false;
		}
	}

	async #drain(): Promise<void> {
		if ((await this.#sendWaiting()) > 0) this.#onSent?.();
	}

	/** Returns how many entries the server accepted. */
	async #sendWaiting(): Promise<number> {
		let sent = 0;
		for (;;) {
			const next = this.#entries.find((e) => e.status === 'waiting');
			if (!next) break;
			this.#update(next.id, { status: 'sending', attempts: next.attempts + 1 });
			let status: number | 'network';
			let answer: { errors?: FieldError[]; message?: string } = {};
			try {
				const res = await fetch(next.url, {
					method: methodOf(next),
					credentials: 'same-origin',
					headers: { 'content-type': 'application/json', 'idempotency-key': next.id },
					body: JSON.stringify(next.body)
				});
				status = res.status;
				answer = await res.json().catch(() => ({}));
			} catch {
				status = 'network';
			}
			const outcome = decide(status);
			if (outcome === 'sent') {
				this.#needsSignIn = false;
				const e = this.#update(next.id, { status: 'sent', sentAt: new Date().toISOString(), errors: [], message: null });
				if (e) await this.#save(e);
				await this.#pruneSent();
				sent++;
				continue;
			}
			if (outcome === 'refused') {
				const e = this.#update(next.id, { status: 'refused', errors: answer.errors ?? [], message: answer.message ?? `HTTP ${status}` });
				if (e) await this.#save(e);
				continue;
			}
			// retry or sign in: the entry waits, in its place, and nothing after it jumps the queue.
			const e = this.#update(next.id, { status: 'waiting' });
			if (e) await this.#save(e);
			if (outcome === 'signin') {
				this.#needsSignIn = true;
				break;
			}
			if (this.#timer) clearTimeout(this.#timer);
			this.#timer = setTimeout(() => void this.#pump(), backoff(next.attempts));
			break;
		}
		return sent;
	}

	async #pruneSent(): Promise<void> {
		const sent = this.#entries.filter((e) => e.status === 'sent');
		for (const old of sent.slice(0, Math.max(0, sent.length - KEEP_SENT))) await this.dismiss(old.id);
	}
}
