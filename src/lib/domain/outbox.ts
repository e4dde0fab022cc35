/**
 * What a tablet does with an entry after each attempt to send it. Pure: the state class in
 * lib/state/outbox.svelte.ts owns the network and IndexedDB.
 */
export type EntryStatus = 'waiting' | 'sending' | 'sent' | 'refused';

/**
 * How an entry is sent: a new record (POST), a change to one (PATCH, issue 13 §1: a blockade's
 * figures), or the whole of one replaced (PUT, issue 14 §1: a unit's duty roster for a day).
 */
export type EntryMethod = 'POST' | 'PATCH' | 'PUT';

/**
 * The method an entry stored on the device is sent with. It is stored with the entry, as its path
 * is; an entry stored before entries could be changes carries none, and was a POST.
 */
export function methodOf(entry: { method?: EntryMethod }): EntryMethod {
	return entry.method ?? 'POST';
}

/** `status` is the HTTP status, or 'network' when no answer came (offline, DNS, reset). */
export type Outcome = 'sent' | 'refused' | 'retry' | 'signin';

export function decide(status: number | 'network'): Outcome {
	if (status === 'network') return 'retry';
	if (status >= 200 && status < 300) return 'sent';
	if (status === 401) return 'signin'; // keep the entry; the commander signs in again
	if (status === 408 || status === 429 || status >= 500) return 'retry'; // the server will take it later
	return 'refused'; // 400, 403, 404…: sending it again would get the same answer
}

/** 1 s, 2 s, 4 s … capped at 30 s, with ±20 % jitter so a room of tablets does not retry in step. */
export function backoff(attempt: number, random: () => number = Math.random): number {
	const base = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt));
	return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * The entries a page lists, newest first, from the queue (oldest first): every one still waiting or
 * refused — a commander must see all that has not arrived — and only the latest `keepSent` sent.
 */
export function visibleEntries<E extends { status: EntryStatus }>(queue: readonly E[], match: (e: E) => boolean, keepSent = 8): E[] {
	const mine = queue.filter(match).reverse();
	let sent = 0;
	return mine.filter((e) => e.status !== 'sent' || ++sent <= keepSent);
}

/**
 * Every entry carries the device's time of entry (issue 11 §6): an entry made at 23:58 and sent at
 * 00:03, or kept offline for hours, counts on the day and in the slot it was made. The server
 * refuses one more than 5 minutes ahead of its clock or 48 hours behind it, with a message saying so.
 */
export function stampEntered(body: unknown, at: string): unknown {
	if (!body || typeof body !== 'object' || Array.isArray(body) || 'enteredAt' in body) return body;
	return { ...(body as Record<string, unknown>), enteredAt: at };
}
