/**
 * Readiness checklists from doctrine (issue 14 §5): the templates' items are seed 003's, applying
 * adds one marked card with one checklist entry per item and is idempotent, the mark cannot be
 * forged by a client, and completion per ward counts ticked items.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { archiveCard, boardMaps, initBoard, readBoard, updateCheckItem } from '../../src/lib/domain/board.ts';
import { addCard } from '../../src/lib/contracts/board-edits.ts';
import { applyTemplate, READINESS_TEMPLATES, readinessOf, readinessTemplate, wardCommandUnit } from '../../src/lib/domain/readiness.ts';
import { projectBoard } from '../../src/lib/domain/tasks.ts';
import { boardWriterOf, checkBoardTransaction, type BoardRefusal } from '../../src/lib/domain/board-guard.ts';
import type { Principal } from '../../src/lib/domain/access.ts';

const NOW = new Date('2021-09-02T03:00:00Z');
const district = { by: 'Trần Thị Bình', now: () => NOW };
const KIM_MA = { code: 'kim-ma', name: 'Kim Mã' };
const commander: Principal = { kind: 'user', id: 'u1', username: 'cht.kimma', name: 'Nguyễn Văn An', role: 'ward_commander', wardCode: 'kim-ma' };
const fourOnSite = readinessTemplate('4-tai-cho')!;

function wardBoard(): Y.Doc {
	const doc = new Y.Doc();
	initBoard(doc, { title: 'Bảng công việc — Phường Kim Mã', ward: 'kim-ma' });
	return doc;
}

/** What the server's board rules say of everything `client` has that `server` has not. */
function judge(server: Y.Doc, client: Y.Doc): BoardRefusal | null {
	const update = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
	let verdict: BoardRefusal | null = null;
	server.transact((txn) => {
		Y.applyUpdate(server, update);
		verdict = checkBoardTransaction(
			server,
			txn,
			boardWriterOf(commander, (c) => c === 'kim-ma'),
			NOW.getTime()
		);
	});
	return verdict;
}

describe('the doctrine templates (seed 003)', () => {
	it('have the items the seed spells out', () => {
		expect(READINESS_TEMPLATES.map((t) => [t.name, t.items.length])).toEqual([
			['4 tại chỗ', 4],
			['3 trước', 3],
			['3 chủ động', 3],
			['4 sẵn sàng', 4]
		]);
		expect(fourOnSite.items).toEqual(['Chỉ huy tại chỗ', 'Lực lượng tại chỗ', 'Phương tiện, vật tư tại chỗ', 'Hậu cần tại chỗ']);
		expect(readinessTemplate('5-tai-cho')).toBeUndefined();
	});
});

describe('applyTemplate', () => {
	it('adds one card, owned by the ward command, with its focus, the mark and one entry per item; twice adds nothing', () => {
		const doc = wardBoard();
		const id = applyTemplate(doc, fourOnSite, KIM_MA, district)!;
		expect(id).toBeTruthy();
		const board = readBoard(doc);
		const card = board.columns.find((c) => c.id === 'todo')!.cards.find((c) => c.id === id)!;
		expect(card).toMatchObject({
			template: '4-tai-cho',
			focus: 'distancing',
			ward: 'kim-ma',
			assignee: { kind: 'unit', name: wardCommandUnit('Kim Mã') },
			createdBy: 'Trần Thị Bình'
		});
		expect(wardCommandUnit('Kim Mã')).toBe('Ban Chỉ huy phường Kim Mã');
		expect(card.checklist.map((i) => [i.text, i.done])).toEqual(fourOnSite.items.map((t) => [t, false]));

		expect(applyTemplate(doc, fourOnSite, KIM_MA, district)).toBeNull();
		// archived counts as applied: the ward put it away, the district does not push it again
		archiveCard(doc, id, district);
		expect(applyTemplate(doc, fourOnSite, KIM_MA, district)).toBeNull();
		expect(boardMaps(doc).cards.size).toBe(1);
		// another template is another card
		expect(applyTemplate(doc, readinessTemplate('3-truoc')!, KIM_MA, district)).not.toBeNull();
		expect(boardMaps(doc).cards.size).toBe(2);
	});

	it('a ward commander may tick the template card; no client may write or forge the mark', () => {
		const server = wardBoard();
		const id = applyTemplate(server, fourOnSite, KIM_MA, district)!;
		const client = new Y.Doc();
		Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
		const [first] = readBoard(client).columns[0]!.cards[0]!.checklist;
		updateCheckItem(client, id, first!.id, { done: true }, { by: commander.kind === 'user' ? commander.name : '', now: () => NOW });
		expect(judge(server, client)).toBeNull();

		const forger = new Y.Doc();
		Y.applyUpdate(forger, Y.encodeStateAsUpdate(server));
		const own = addCard(forger, 'todo', { title: 'Giả mạo 4 tại chỗ' }, { by: 'Nguyễn Văn An', now: () => NOW });
		boardMaps(forger).cards.get(own)!.set('template', '4-tai-cho');
		expect(judge(server, forger)).toMatchObject({ error: 'unknown_structure', where: `cards.${own}.template` });

		const unmark = new Y.Doc();
		Y.applyUpdate(unmark, Y.encodeStateAsUpdate(server));
		boardMaps(unmark).cards.get(id)!.set('template', '3-truoc');
		// (the endpoint judges on a shadow copy and drops a refused update: tests/integration cover that path)
		expect(judge(server, unmark)).toMatchObject({ error: 'unknown_structure', where: `cards.${id}.template` });
	});
});

describe('readinessOf', () => {
	it('items ticked / items per ward and template, from the projection; archived and unknown marks do not count', () => {
		const doc = wardBoard();
		const id = applyTemplate(doc, fourOnSite, KIM_MA, district)!;
		const items = readBoard(doc).columns[0]!.cards[0]!.checklist;
		updateCheckItem(doc, id, items[0]!.id, { done: true }, district);
		updateCheckItem(doc, id, items[2]!.id, { done: true }, district);
		const rows = projectBoard('ward:kim-ma', readBoard(doc));
		expect(rows[0]).toMatchObject({ template: '4-tai-cho', checkDone: 2, checkTotal: 4 });
		const p = readinessOf([
			...rows,
			{ wardCode: 'ngoc-ha', template: '4-tai-cho', checkDone: 4, checkTotal: 4 },
			{ wardCode: 'ngoc-ha', template: '3-truoc', checkDone: 1, checkTotal: 3, archived: true },
			{ wardCode: 'ngoc-ha', template: 'khong-co', checkDone: 1, checkTotal: 1 },
			{ wardCode: null, template: '4-tai-cho', checkDone: 1, checkTotal: 1 }
		]);
		expect(p.byWard['kim-ma']).toEqual({ '4-tai-cho': { done: 2, total: 4 } });
		expect(p.byWard['ngoc-ha']).toEqual({ '4-tai-cho': { done: 4, total: 4 } });
		expect(p.district).toEqual({ '4-tai-cho': { done: 6, total: 8, wards: 2 } });
	});
});
