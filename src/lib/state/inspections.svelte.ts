/**
 * A board page's inspections: the history the server gave at load, what this page records since,
 * and the one call that records one (`POST /api/boards/<id>/inspections`). Online only: an
 * inspection moves a card for the whole board, so it is made against the board as it stands, not
 * queued on a device. Shared with the card editor through a context (the board's components
 * stay as they are): `setBoardInspections` on the page, `boardInspections()` in the editor.
 */
import { getContext, setContext } from 'svelte';
import type { Conclusion, Inspection } from '$lib/contracts/inspections';
import type { FieldError } from '$lib/contracts/errors';

const KEY = Symbol('board-inspections');

export type RecordResult = { ok: true; inspection: Inspection } | { ok: false; errors: FieldError[]; message: string };

export class BoardInspections {
	#list = $state<Inspection[]>([]);
	#sending = $state(false);
	readonly board: string;
	/** Whether this person signs cards off here (an inspector of the board, a district commander, an admin). */
	readonly mayInspect: boolean;
	/** An inspector: comments, checklist and moves only (the card's fields are the ward's). */
	readonly inspectsOnly: boolean;

	constructor(init: { board: string; inspections: Inspection[]; mayInspect: boolean; inspectsOnly: boolean }) {
		this.board = init.board;
		this.#list = init.inspections;
		this.mayInspect = init.mayInspect;
		this.inspectsOnly = init.inspectsOnly;
	}

	get sending(): boolean {
		return this.#sending;
	}

	/** A card's inspections, newest first. */
	ofCard(card: string): Inspection[] {
		return this.#list.filter((i) => i.card === card);
	}

	async record(card: string, conclusion: Conclusion, findings: string): Promise<RecordResult> {
		this.#sending = true;
		try {
			const res = await fetch(`/api/boards/${encodeURIComponent(this.board)}/inspections`, {
				method: 'POST',
				credentials: 'same-origin',
				headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
				body: JSON.stringify({ card, conclusion, findings })
			});
			const body = (await res.json().catch(() => ({}))) as Inspection & { errors?: FieldError[]; message?: string };
			if (!res.ok) return { ok: false, errors: body.errors ?? [], message: body.message ?? `HTTP ${res.status}` };
			this.#list = [body, ...this.#list.filter((i) => i.id !== body.id)];
			return { ok: true, inspection: body };
		} catch {
			return { ok: false, errors: [], message: 'Không gửi được: kiểm tra kết nối mạng / Not sent: check the network' };
		} finally {
			this.#sending = false;
		}
	}
}

export function setBoardInspections(state: BoardInspections): void {
	setContext(KEY, state);
}

/** The page's inspections, or null outside a board page that has them. */
export function boardInspections(): BoardInspections | null {
	return getContext<BoardInspections | undefined>(KEY) ?? null;
}
