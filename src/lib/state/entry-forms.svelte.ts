/**
 * The entry forms of one tablet page, with JavaScript: each submit is judged on the device by the
 * shared contract (a field error shows at once and nothing is queued), then kept in the device's
 * outbox, which sends it in order with its own idempotency key — online or not, one path.
 * When the server has taken entries, the page's figures are reloaded (they come from its load).
 */
import { invalidateAll } from '$app/navigation';
import { fieldError, type FieldError } from '$lib/contracts/errors';
import { endpointOf, entryKind, type EntryContext, type EntryKindName } from '$lib/entries';
import { EntryOutbox } from './outbox.svelte';

/** An entry a form makes: its kind (a row of lib/entries), what it is about, and what the page knows. */
export interface EntryRequest<K extends EntryKindName> {
	kind: K;
	/** The code of the ward, facility, warehouse or checkpoint the kind's path names. */
	target: string;
	/** The ward the entry is for, or "district". */
	ward: string;
	context: EntryContext<K>;
}

export class EntryForms {
	readonly outbox = new EntryOutbox({ onSent: () => void invalidateAll() });
	/** The device's verdict on the last form submitted, when it refused it. */
	#refused = $state<{ form: string; errors: FieldError[] } | null>(null);
	#queued = $state<string | null>(null);

	start(): void {
		void this.outbox.start();
	}

	stop(): void {
		this.outbox.stop();
	}

	/** The device's refusal of this form, or null when it has none (the no-JS action's may show). */
	errorsFor(form: string): FieldError[] | null {
		return this.#refused?.form === form ? this.#refused.errors : null;
	}

	/** True when this form's last entry was queued (and nothing submitted since was refused). */
	queued(form: string): boolean {
		return this.#queued === form;
	}

	/** The form's onsubmit: validate, queue, and tell the commander which it was. */
	async submit<K extends EntryKindName>(form: string, event: SubmitEvent, entry: EntryRequest<K>): Promise<void> {
		event.preventDefault();
		const el = event.currentTarget as HTMLFormElement;
		const kind = entryKind(entry.kind);
		const parsed = kind.parse(kind.body(new FormData(el)), entry.context);
		if (!parsed.ok) {
			this.#refused = { form, errors: parsed.errors };
			this.#queued = null;
			return;
		}
		this.#refused = null;
		// Cleared now, not after the entry is stored: a commander already typing the next entry
		// would otherwise see it wiped by the previous one's reset.
		if (kind.reset !== false) el.reset();
		try {
			await this.outbox.add(entry.kind, entry.ward, endpointOf(entry.kind, entry.target), parsed.value, kind.label(parsed.value, entry.context));
			this.#queued = form;
		} catch {
			this.#refused = {
				form,
				errors: [fieldError('', 'invalid', 'không lưu được trên máy này, hãy nhập lại / could not be kept on this device, enter it again')]
			};
			this.#queued = null;
		}
	}
}
