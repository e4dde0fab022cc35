/**
 * The focus roll-up (issue 14 §4): open / overdue / done per focus area for the district, the
 * district-wide tasks and each ward, and the open tasks without an assignee (*Chưa phân công*).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initBoard, moveCard, readBoard, updateCard } from '../../src/lib/domain/board.ts';
import { addCard } from '../../src/lib/contracts/board-edits.ts';
import { projectBoard, rollUpTasks, type LiveTask } from '../../src/lib/domain/tasks.ts';

// 10:00 on 02/09/2021 in Hà Nội.
const NOW = new Date('2021-09-02T03:00:00Z');

const t = (over: Partial<LiveTask> & { archived?: boolean }): LiveTask & { archived?: boolean } => ({
	wardCode: 'kim-ma',
	deadline: null,
	done: false,
	focus: null,
	assigned: true,
	...over
});

describe('rollUpTasks', () => {
	it('counts open, overdue and done per focus, per ward, district-wide and in total', () => {
		const r = rollUpTasks(
			[
				t({ focus: 'testing', deadline: '2021-09-01' }), // overdue
				t({ focus: 'testing', deadline: '2021-09-02' }), // due today: open, not overdue
				t({ focus: 'testing', done: true, deadline: '2021-08-30' }), // done: never overdue
				t({ focus: 'welfare', assigned: false }),
				t({ wardCode: 'ngoc-ha', focus: 'vaccination', deadline: '2021-09-02T09:00' }), // 09:00 passed
				t({ wardCode: null, focus: null, assigned: false }),
				t({ focus: 'distancing', archived: true, assigned: false, deadline: '2021-08-01' })
			],
			NOW
		);
		const km = r.byWard['kim-ma']!;
		expect(km.byFocus.testing).toEqual({ open: 2, overdue: 1, done: 1 });
		expect(km.byFocus.welfare).toEqual({ open: 1, overdue: 0, done: 0 });
		expect(km.byFocus.distancing).toEqual({ open: 0, overdue: 0, done: 0 }); // archived: not counted
		expect(km.all).toEqual({ open: 3, overdue: 1, done: 1 });
		expect(km.unassigned).toBe(1);
		expect(r.byWard['ngoc-ha']!.byFocus.vaccination).toEqual({ open: 1, overdue: 1, done: 0 });
		expect(r.districtWide.byFocus.none).toEqual({ open: 1, overdue: 0, done: 0 });
		expect(r.districtWide.unassigned).toBe(1);
		expect(r.total.all).toEqual({ open: 5, overdue: 2, done: 1 });
		expect(r.total.unassigned).toBe(2);
		expect(r.byWard['phuc-xa']).toBeUndefined();
	});

	it('a done task without an assignee is not "Chưa phân công"; a task from an older snapshot reads as open and assigned', () => {
		const r = rollUpTasks([t({ done: true, assigned: false }), { wardCode: 'kim-ma', deadline: '2021-09-01' }], NOW);
		expect(r.total.unassigned).toBe(0);
		expect(r.total.byFocus.none).toEqual({ open: 1, overdue: 1, done: 1 });
	});

	it('the roll-up of a projected board: focus, owner and done column as the board has them', () => {
		const doc = new Y.Doc();
		initBoard(doc, { title: 'Bảng công việc — Phường Kim Mã', ward: 'kim-ma' });
		const ctx = { by: 'Nguyễn Văn An', now: () => NOW };
		const a = addCard(doc, 'todo', { title: 'Lấy mẫu chợ Kim Mã', focus: 'testing', deadline: '2021-09-01' }, ctx);
		addCard(doc, 'todo', { title: 'Phát gạo', focus: 'welfare', assignee: { kind: 'unit', name: 'Hội Chữ thập đỏ' } }, ctx);
		const c = addCard(doc, 'todo', { title: 'Tiêm lưu động' }, ctx);
		updateCard(doc, c, { focus: 'vaccination' }, ctx);
		moveCard(doc, a, 'done', 0, ctx);
		const rows = projectBoard('ward:kim-ma', readBoard(doc)).map((r) => ({ ...r, assigned: r.assignee !== null }));
		const r = rollUpTasks(rows, NOW).byWard['kim-ma']!;
		expect(r.byFocus.testing).toEqual({ open: 0, overdue: 0, done: 1 });
		expect(r.byFocus.welfare).toEqual({ open: 1, overdue: 0, done: 0 });
		expect(r.byFocus.vaccination).toEqual({ open: 1, overdue: 0, done: 0 });
		expect(r.unassigned).toBe(1);
	});
});
