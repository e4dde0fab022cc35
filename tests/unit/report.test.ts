/** The situation report builder and corrections: pure, no database. */
import { describe, expect, it } from 'vitest';
import { applyCorrection, buildReport, wardCaseValue } from '../../src/lib/domain/report.ts';
import { REPORT_LABELS } from '../../src/lib/i18n/report.ts';
import { caseReport, sampleContent, sampleInput } from '../fixtures/report-sample.ts';

// 18:00 on 02/09/2021 in Hanoi.
const AS_OF = '2021-09-02T11:00:00Z';
const fig = (c: ReturnType<typeof buildReport>, key: string) => c.figures.find((f) => f.key === key);

describe('buildReport', () => {
	it('day figures count only from a report of the same local day; state figures from the latest', () => {
		const c = buildReport(sampleInput(AS_OF), null, REPORT_LABELS);
		// Kim Mã reported today, Ngọc Hà yesterday, Điện Biên never.
		expect(fig(c, 'ward:kim-ma:f0NewCommunity')!.value).toBe(2);
		expect(fig(c, 'ward:ngoc-ha:f0NewCommunity')!.value).toBeNull();
		expect(fig(c, 'ward:ngoc-ha:f0Active')!.value).toBe(7);
		expect(fig(c, 'ward:dien-bien:f0Active')!.value).toBeNull();
		expect(fig(c, 'district:newF0')!.value).toBe(5);
		expect(fig(c, 'district:f0Active')!.value).toBe(47);
		expect(wardCaseValue(caseReport('x', '2021-09-01T16:59:00Z'), 'samplesTested', new Date(AS_OF))).toBeNull(); // 23:59 the day before
		expect(wardCaseValue(caseReport('x', '2021-09-01T17:00:00Z'), 'samplesTested', new Date(AS_OF))).toBe(800); // 00:00 that day
	});

	it('wards not reported since the previous slot, beds, stock, staffing, tasks and alerts are all counted', () => {
		const c = buildReport(sampleInput(AS_OF), null, REPORT_LABELS);
		expect(c.wards.filter((w) => !w.reportedSincePrevious).map((w) => w.code)).toEqual(['ngoc-ha', 'dien-bien']);
		expect(fig(c, 'district:wardsNotReportedSincePrevious')!.value).toBe(2);
		expect(fig(c, 'facility:quan-ngua:free')!.value).toBe(10);
		expect(fig(c, 'district:itemsBelowMinimum')!.value).toBe(1);
		expect(fig(c, 'stock:kho-quan:khau-trang:daysOfSupply')!.value).toBeNull();
		expect(fig(c, 'checkpoint:kim-ma-1:gap')!.value).toBe(2); // two police missing
		expect(c.tasks.total).toEqual({ open: 3, overdue: 1, dueToday: 0 });
		expect(fig(c, 'ward:kim-ma:tasksOverdue')!.value).toBe(1);
		expect(c.alerts.map((a) => a.kind).sort()).toEqual([
			'community_f0',
			'f1_waiting',
			'occupancy',
			'report_overdue',
			'report_overdue',
			'staffing',
			'stock',
			'tasks_overdue'
		]);
	});

	it("staffing counts the shift running at the report's time; a check-in of an ended shift is not counted; subjects name the checkpoint and its ward", () => {
		const base = sampleInput(AS_OF);
		const k = base.checkpoints[0]!;
		// 18:00 is shift 2 (14–22): a police officer checked in for shift 1 and never checked out does not count.
		const stale = { id: 2, personName: 'Trần Văn B', force: 'police', shiftKey: '2021-09-02#1', carriedOverTo: null, checkedInAt: '2021-09-02T00:00:00Z' };
		const c = buildReport({ ...base, checkpoints: [{ ...k, onDuty: [...k.onDuty, stale] }] }, null, REPORT_LABELS);
		expect(fig(c, 'checkpoint:kim-ma-1:present')!.value).toBe(1);
		expect(fig(c, 'checkpoint:kim-ma-1:gap')!.value).toBe(2);
		const alert = c.alerts.find((a) => a.id === 'staffing:kim-ma-1')!;
		expect(alert.severity).toBe('critical');
		expect(alert.subject).toBe('Chốt Kim Mã – Giảng Võ — Phường Kim Mã');
		expect(fig(c, 'checkpoint:kim-ma-1:gap')!.subject).toBe('Chốt Kim Mã – Giảng Võ — Phường Kim Mã');
		// Carried over into shift 2 by its leader: counted.
		const carried = buildReport({ ...base, checkpoints: [{ ...k, onDuty: [...k.onDuty, { ...stale, carriedOverTo: '2021-09-02#2' }] }] }, null, REPORT_LABELS);
		expect(fig(carried, 'checkpoint:kim-ma-1:present')!.value).toBe(2);
		expect(carried.alerts.find((a) => a.id === 'staffing:kim-ma-1')!.severity).toBe('warning');
	});

	it('issue 13: a ward whose zone got worse shortly before the slot is among the alerts; testing coverage and the F1 flow are read as of the slot', () => {
		const base = sampleInput(AS_OF);
		const wards = base.wards.map((w) =>
			w.code === 'kim-ma'
				? { ...w, latest: caseReport('kim-ma', '2021-09-02T09:30:00Z', { zone: 'red' }), zoneFrom: 'orange', zoneSince: '2021-09-02T09:30:00Z' }
				: w
		);
		const c = buildReport({ ...base, wards }, null, REPORT_LABELS);
		expect(c.alerts.filter((a) => a.kind === 'zone_worse').map((a) => [a.subject, a.message.vi])).toEqual([
			['Phường Kim Mã', 'chuyển vùng xấu đi: Da cam → Đỏ']
		]);
		// Without the zone it came from (a report of before), no alert and no failure.
		expect(buildReport(base, null, REPORT_LABELS).alerts.some((a) => a.kind === 'zone_worse')).toBe(false);
		expect(c.progress?.wards.find((w) => w.code === 'kim-ma')?.population).toBe(14_000);
		expect(c.flow?.wards.map((w) => w.code)).toEqual(['kim-ma', 'ngoc-ha', 'dien-bien']);
		expect(fig(c, 'district:f1Waiting')?.value).toBe(c.flow?.district.waiting);
		expect(fig(c, 'district:coverage')?.unit).toBe('%');
	});

	it('every figure carries its change since the previous report; unknown on either side means no change', () => {
		const c = sampleContent(); // the earlier report had Kim Mã at 38 active F0
		expect(fig(c, 'ward:kim-ma:f0Active')).toMatchObject({ value: 40, previous: 38, change: 2 });
		expect(fig(c, 'ward:dien-bien:f0Active')).toMatchObject({ value: null, change: null });
		expect(c.previous).toEqual({ id: 41, asOf: '2021-09-02T05:00:00.000Z' });
		expect(new Set(c.figures.map((f) => f.key)).size).toBe(c.figures.length);
	});
});

describe('applyCorrection', () => {
	it('replaces the named figures, recomputes totals and changes, and remembers the value before', () => {
		const original = sampleContent();
		const r = applyCorrection(original, { reason: 'Phường báo lại', wards: { 'kim-ma': { f0Active: 45 } } }, REPORT_LABELS);
		if (!r.ok) throw new Error('refused');
		expect(fig(r.content, 'ward:kim-ma:f0Active')).toMatchObject({ value: 45, previous: 38, change: 7 });
		expect(fig(r.content, 'district:f0Active')!.value).toBe(fig(original, 'district:f0Active')!.value! + 5);
		expect(r.content.corrected).toEqual({ 'ward:kim-ma:f0Active': 40 });
		// the original is untouched
		expect(fig(original, 'ward:kim-ma:f0Active')!.value).toBe(40);
	});

	it('refuses, naming the place: an unknown ward, a ward with no report, a broken rule, a change of nothing', () => {
		const original = sampleContent();
		const errors = (wards: Record<string, Record<string, number>>) => {
			const r = applyCorrection(original, { reason: 'x', wards }, REPORT_LABELS);
			return r.ok ? 'accepted' : r.errors.map((e) => `${e.field}:${e.code}`);
		};
		expect(errors({})).toEqual(['wards:required']);
		expect(errors({ atlantis: { f0Active: 1 } })).toEqual(['wards.atlantis:unknown_ward']);
		expect(errors({ 'dien-bien': { f0Active: 1 } })).toEqual(['wards.dien-bien:invalid']);
		expect(errors({ 'kim-ma': { positives: 801 } })).toEqual(['wards.kim-ma.positives:positives_exceed_samples']);
		expect(errors({ 'kim-ma': { f0Active: 40 } })).toEqual(['wards:invalid']);
	});
});

describe('the focus and readiness section (issue 14 §4–5)', () => {
	it('rolls the tasks up per focus area, counts the unassigned open ones and each ward readiness, as at asOf', () => {
		const c = buildReport(
			sampleInput(AS_OF, {
				tasks: [
					{ wardCode: 'kim-ma', deadline: '2021-09-01', focus: 'testing', assigned: true, done: false },
					{ wardCode: 'kim-ma', deadline: '2021-09-01', focus: 'testing', assigned: false, done: true },
					{ wardCode: 'kim-ma', deadline: null, focus: 'distancing', assigned: true, done: false, template: '4-tai-cho', checkDone: 3, checkTotal: 4 },
					{ wardCode: 'ngoc-ha', deadline: '2021-09-02T17:00', focus: null, assigned: false, done: false },
					{ wardCode: null, deadline: null }
				]
			}),
			null,
			REPORT_LABELS
		);
		const f = c.focus!;
		expect(f.rollup.byWard['kim-ma']!.byFocus.testing).toEqual({ open: 1, overdue: 1, done: 1 });
		expect(f.rollup.byWard['ngoc-ha']!.byFocus.none).toEqual({ open: 1, overdue: 1, done: 0 }); // 17:00 passed at 18:00
		expect(f.rollup.total.unassigned).toBe(1);
		expect(f.readiness.byWard['kim-ma']).toEqual({ '4-tai-cho': { done: 3, total: 4 } });
		// the older counts agree: done cards are not open
		expect(c.tasks.total.open).toBe(4);
		// a correction keeps the section as it was
		const corrected = applyCorrection(c, { reason: 'sửa số', wards: { 'kim-ma': { f0Active: 41 } } }, REPORT_LABELS);
		expect(corrected.ok && corrected.content.focus).toEqual(f);
	});
});
