/**
 * Readiness checklists from doctrine (issue 14 §5): the four slogans of seed 003 as board
 * templates a district commander applies to every ward at once, and how complete each ward is.
 *
 * One card per template per ward, one checklist entry per item: the ward sees "4 tại chỗ" as one
 * task with four ticks (not four cards crowding its board), the card has one owner (the ward's
 * commander unit) and one focus, and completion is read straight from the checklist.
 *
 * A template card is marked by its `template` field (the template's id), which only the server
 * writes: the board's rules (domain/board-guard) refuse a field they do not know, so no client can
 * forge or remove the mark. Applying is idempotent per ward: a board that already has a card with
 * the mark (live or archived) gets nothing new.
 *
 * The items are the doctrine's own words (seed 003, "phương châm chỉ đạo"); they are content
 * written into the boards, not interface labels. `4 sẵn sàng` lists "sẵn sàng mọi nguồn lực,
 * sẵn sàng hỗ trợ cho khu vực phức tạp" as one clause: it is two of the four, split here.
 */
import * as Y from 'yjs';
import { addCard, addCheckItem, boardMaps, readBoard, type EditContext } from './board.ts';
import { UNSORTED, type FocusArea } from './board-model.ts';

export interface ReadinessTemplate {
	/** In the URL (`/api/readiness/<id>/apply`) and in the card's mark. */
	id: string;
	/** The slogan, as the card's title starts. */
	name: string;
	/** What the slogan stands for (the card's description). */
	summary: string;
	focus: FocusArea;
	items: readonly string[];
}

/**
 * The focus of each: on-site command and forces belong to distancing (checkpoints, blockades);
 * "3 trước" is about finding cases first (testing); being ready with necessities for the
 * quarantined and crowd psychology is social welfare. A judgement, stated so it can be changed.
 */
export const READINESS_TEMPLATES: readonly ReadinessTemplate[] = [
	{
		id: '4-tai-cho',
		name: '4 tại chỗ',
		summary: 'Chỉ huy, lực lượng, phương tiện – vật tư và hậu cần tại chỗ',
		focus: 'distancing',
		items: ['Chỉ huy tại chỗ', 'Lực lượng tại chỗ', 'Phương tiện, vật tư tại chỗ', 'Hậu cần tại chỗ']
	},
	{
		id: '3-truoc',
		name: '3 trước',
		summary: 'Nhận diện, chuẩn bị và hành động trước',
		focus: 'testing',
		items: ['Nhận diện trước', 'Chuẩn bị phương án, lực lượng, vật tư trước', 'Phát hiện, hành động, xử lý trước']
	},
	{
		id: '3-chu-dong',
		name: '3 chủ động',
		summary: 'Chủ động cho tình huống xấu, phương án kế hoạch và phòng ngừa quá tải',
		focus: 'distancing',
		items: ['Chủ động cho tình huống xấu', 'Chủ động chuẩn bị phương án kế hoạch', 'Chủ động phòng ngừa quá tải']
	},
	{
		id: '4-san-sang',
		name: '4 sẵn sàng',
		summary: 'Sẵn sàng nguồn lực, hỗ trợ, nhu yếu phẩm và ứng phó tâm lý đám đông',
		focus: 'welfare',
		items: [
			'Sẵn sàng mọi nguồn lực',
			'Sẵn sàng hỗ trợ cho khu vực phức tạp',
			'Sẵn sàng cung cấp nhu yếu phẩm cho khu vực cách ly',
			'Sẵn sàng ứng phó vấn đề tâm lý đám đông'
		]
	}
];

export function readinessTemplate(id: string): ReadinessTemplate | undefined {
	return READINESS_TEMPLATES.find((t) => t.id === id);
}

/** The unit that owns a ward's readiness cards: its command (a card's assignee, by name). */
export function wardCommandUnit(wardName: string): string {
	return `Ban Chỉ huy ${/^phường\s/i.test(wardName) ? wardName : `phường ${wardName}`}`;
}

/** Whether a board already has a card of this template (live or archived): then applying adds nothing. */
function hasTemplateCard(doc: Y.Doc, templateId: string): boolean {
	for (const card of boardMaps(doc).cards.values()) if (card instanceof Y.Map && card.get('template') === templateId) return true;
	return false;
}

/**
 * Adds the template's card to a ward's board, in its first open column, with one checklist entry
 * per item; the card carries the mark. Returns the new card's id, or null when the board already
 * has one (or has no open column to put it in).
 */
export function applyTemplate(doc: Y.Doc, template: ReadinessTemplate, ward: { code: string; name: string }, ctx: EditContext): string | null {
	if (hasTemplateCard(doc, template.id)) return null;
	const column = readBoard(doc).columns.find((c) => !c.done && c.id !== UNSORTED);
	if (!column) return null;
	let id: string | null = null;
	doc.transact(() => {
		id = addCard(
			doc,
			column.id,
			{
				title: `${template.name}: ${template.summary}`,
				description: `Phương châm “${template.name}” (chỉ đạo của Quận). Đánh dấu từng mục khi phường đã bảo đảm.`,
				assignee: { kind: 'unit', name: wardCommandUnit(ward.name) },
				ward: ward.code,
				focus: template.focus,
				deadline: null,
				priority: 'high'
			},
			ctx
		);
		boardMaps(doc).cards.get(id)!.set('template', template.id);
		for (const item of template.items) addCheckItem(doc, id, item, ctx);
	});
	return id;
}

/** What completion is counted from: a card's mark and its checklist (the projection's columns). */
export interface ReadinessRow {
	wardCode: string | null;
	/** Absent (a live task from an older snapshot): not a template card. */
	template?: string | null;
	checkDone?: number;
	checkTotal?: number;
	archived?: boolean;
}

/** One ward's progress on one template: null when the template was never applied there. */
interface ReadinessCell {
	done: number;
	total: number;
}

export interface ReadinessPicture {
	/** ward → template → cell (absent: not applied in that ward). */
	byWard: Record<string, Record<string, ReadinessCell>>;
	/** Per template, over the wards where it was applied. */
	district: Record<string, ReadinessCell & { wards: number }>;
}

/**
 * Items ticked / items, per ward and template, from the live template cards (an archived card no
 * longer counts: the ward has put it away). Unknown marks are ignored.
 */
export function readinessOf(rows: ReadonlyArray<ReadinessRow>): ReadinessPicture {
	const byWard: ReadinessPicture['byWard'] = {};
	const district: ReadinessPicture['district'] = {};
	for (const r of rows) {
		if (r.archived || !r.wardCode || !r.template || !readinessTemplate(r.template)) continue;
		const ward = (byWard[r.wardCode] ??= {});
		const d = (district[r.template] ??= { done: 0, total: 0, wards: 0 });
		if (!ward[r.template]) d.wards++;
		const cell = (ward[r.template] ??= { done: 0, total: 0 });
		const total = Math.max(0, r.checkTotal ?? 0);
		const done = Math.min(total, Math.max(0, r.checkDone ?? 0));
		cell.done += done;
		cell.total += total;
		d.done += done;
		d.total += total;
	}
	return { byWard, district };
}
