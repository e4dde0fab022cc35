/**
 * Drag and drop of cards with sortablejs, as a Svelte attachment on each column's card list.
 *
 * Svelte must stay the only owner of the DOM: sortablejs moves the dragged node between lists
 * while the pointer moves, so on drop the node is put back exactly where Svelte had it and the
 * move is reported as (card, column, index) — the board then changes the document, and Svelte
 * re-renders the card in its new place. Meanwhile remote changes are held back (onStart/onEnd),
 * so Svelte does not re-order nodes under sortablejs's hands.
 *
 * `forceFallback`: sortablejs's own pointer emulation instead of HTML5 drag and drop, which
 * touch browsers do not offer — one code path for mouse, pen and finger.
 */
import Sortable from 'sortablejs';
import type { Attachment } from 'svelte/attachments';

export interface CardListOptions {
	/** Read-only boards: no dragging at all. */
	readonly enabled: boolean;
	/**
	 * Whether this list takes the dragged card (its id): never the Unsorted lane (cards may leave it,
	 * never be dropped into it), nor a done column the writer may not sign the card off into.
	 */
	accepts(cardId: string): boolean;
	onStart(): void;
	/** Called after onEnd, only when the card's place changed. `index` is among the other cards of `column`. */
	onDrop(cardId: string, column: string, index: number): void;
	onEnd(): void;
}

/** One group for every card list of the page: cards move between all columns of a board. */
const GROUP = 'board-cards';

export function cardList(options: CardListOptions): Attachment<HTMLElement> {
	return (el) => {
		if (!options.enabled) return;
		let home: { parent: Node; next: Node | null } | null = null;
		// supportPointer is a real option of sortablejs 1.15 that its type definitions lack.
		const config: Sortable.Options & { supportPointer?: boolean } = {
			group: { name: GROUP, pull: true, put: (_to, _from, dragged) => options.accepts(dragged.dataset.cardId ?? '') },
			draggable: '[data-card-id]',
			forceFallback: true,
			// The floating copy goes on <body>, not into a list Svelte renders.
			fallbackOnBody: true,
			// A press that moves less than this is a click (open the card), not a drag.
			fallbackTolerance: 5,
			// Touch and mouse events rather than pointer events: on touch, sortablejs can then stop the
			// page from scrolling during a drag; and a finger must rest a moment before a card lifts,
			// so swiping over cards still scrolls the board.
			supportPointer: false,
			delay: 200,
			delayOnTouchOnly: true,
			touchStartThreshold: 6,
			animation: 0,
			filter: 'input, textarea, select, [data-no-drag]',
			preventOnFilter: false,
			ghostClass: 'drop-ghost',
			chosenClass: 'drag-chosen',
			dragClass: 'drag-moving',
			onStart(evt) {
				home = { parent: evt.from, next: evt.item.nextSibling };
				options.onStart();
			},
			onEnd(evt) {
				const item = evt.item;
				const cardId = item.dataset.cardId;
				const column = (evt.to as HTMLElement).dataset.columnId;
				const changed = evt.to !== evt.from || evt.oldDraggableIndex !== evt.newDraggableIndex;
				const index = evt.newDraggableIndex ?? evt.newIndex ?? 0;
				// Put the node back where Svelte rendered it (before the same sibling as before the drag).
				if (home && (item.parentNode !== home.parent || item.nextSibling !== home.next)) {
					home.parent.insertBefore(item, home.next);
				}
				home = null;
				options.onEnd();
				if (changed && cardId && column) options.onDrop(cardId, column, index);
			}
		};
		const sortable = Sortable.create(el, config);
		return () => sortable.destroy();
	};
}
