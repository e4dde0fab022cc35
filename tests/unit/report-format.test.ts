import { describe, expect, it } from 'vitest';
import { parseCorrection } from '../../src/lib/contracts/reports.ts';
import { correctionBody, correctionFormErrors, parseRangeQuery, reportIdParam } from '../../src/lib/contracts/report-pages.ts';
import { applyCorrection } from '../../src/lib/domain/report.ts';
import { REPORT_LABELS } from '../../src/lib/i18n/report.ts';
import {
	asOfLine,
	authorityLine,
	cellLookup,
	correctionInputOf,
	csvFileName,
	DISTRICT_SERIES,
	formatChange,
	formatValue,
	historySeries,
	placeDateLine,
	recentRange,
	reportedAtLabel,
	reportCsvRows,
	reportSections,
	revisionLabel,
	revisionMark,
	sentLabel,
	slotLabel,
	sumCells,
	wardSeries
} from '../../src/lib/presentation/report-format.ts';
import { messages } from '../../src/lib/i18n/messages.ts';
import { sampleContent, sampleView } from '../fixtures/report-sample.ts';

describe('report figures as printed', () => {
	it('groups thousands with a dot, decimals with a comma, unknown as a dash', () => {
		expect(formatValue(1234)).toBe('1.234');
		expect(formatValue(12.5)).toBe('12,5');
		expect(formatValue(0)).toBe('0');
		expect(formatValue(null)).toBe('—');
	});

	it('shows the change since the previous report with a sign (a true minus), nothing when unknown', () => {
		expect(formatChange(3)).toBe('+3');
		expect(formatChange(-2)).toBe('\u22122');
		expect(formatChange(-1500)).toBe('\u22121.500');
		expect(formatChange(0.5)).toBe('+0,5');
		expect(formatChange(0)).toBe('±0');
		expect(formatChange(null)).toBe('');
	});

	it('sums a totals row, unknown only when every part is', () => {
		const c = (value: number | null, previous: number | null) => ({ key: 'k', value, previous, change: null, corrected: false, before: null });
		expect(sumCells('t', [c(2, 1), c(null, 4), c(3, null)])).toMatchObject({ value: 5, previous: 5, change: 0 });
		expect(sumCells('t', [c(null, null), c(null, 1)])).toMatchObject({ value: null, previous: 1, change: null });
	});
});

describe('report times and marks (Asia/Ho_Chi_Minh, dd/MM/yyyy, 24-hour)', () => {
	it('names the slot, or the instant of a report made on demand', () => {
		expect(slotLabel({ slotAt: '2021-09-02T11:00:00Z', asOf: '2021-09-02T11:00:00Z' })).toBe('18:00 02/09/2021');
		expect(slotLabel({ slotAt: null, asOf: '2021-09-02T03:17:00Z' })).toBe('10:17 02/09/2021');
		expect(asOfLine('2021-09-02T11:00:00Z')).toBe('Tính đến 18:00 ngày 02/09/2021');
		expect(asOfLine('2021-09-02T11:00:00Z', messages.en.report)).toBe('As of 18:00 on 02/09/2021');
	});

	it('says who sent a report and when; the date only when it is another day', () => {
		const r = { asOf: '2021-09-02T11:00:00Z', sentAt: '2021-09-02T11:07:00Z', sentBy: 'Phạm Minh Đức' };
		expect(sentLabel(r)).toBe('Đã gửi 18:07 bởi Phạm Minh Đức');
		expect(sentLabel({ ...r, sentAt: '2021-09-02T17:30:00Z' })).toBe('Đã gửi 00:30 03/09/2021 bởi Phạm Minh Đức');
		expect(sentLabel({ ...r, sentAt: null, sentBy: null })).toBe('Chưa gửi');
		expect(sentLabel(r, messages.en.report)).toBe('Sent 18:07 by Phạm Minh Đức');
	});

	it('marks a revision with its number, reason and author; an original has no mark', () => {
		const rev = { revision: 1, revises: 42, reason: 'Phường Kim Mã báo nhầm', generatedBy: 'Phạm Minh Đức', generatedAt: '2021-09-02T11:25:00Z' };
		expect(revisionLabel(rev)).toBe('Bản sửa 1');
		expect(revisionMark(rev)).toBe('Bản sửa lần 1 — lý do: Phường Kim Mã báo nhầm — người sửa: Phạm Minh Đức, 18:25 02/09/2021');
		expect(revisionLabel({ revision: 0, revises: null })).toBeNull();
		expect(revisionMark({ ...rev, revision: 0, revises: null })).toBeNull();
	});

	it('writes the header the way official documents do', () => {
		expect(authorityLine('Quận Ba Đình')).toBe('UBND QUẬN BA ĐÌNH');
		// Days below 10 and months 1–2 take a leading zero (Decree 30/2020/NĐ-CP), other months do not.
		expect(placeDateLine('Quận Ba Đình', new Date('2021-09-02T11:00:00Z'))).toBe('Ba Đình, ngày 02 tháng 9 năm 2021');
		expect(placeDateLine('Quận Hà Đông', new Date('2022-02-15T11:00:00Z'))).toBe('Hà Đông, ngày 15 tháng 02 năm 2022');
		expect(placeDateLine('Quận Ba Đình', new Date('2021-12-31T17:30:00Z'))).toBe('Ba Đình, ngày 01 tháng 01 năm 2022');
	});
});

describe('the printable report sections', () => {
	const content = sampleContent();
	const s = reportSections(content);

	it('has every ward, with its figures and the change since the previous report', () => {
		expect(s.wards.map((w) => w.name)).toEqual(['Kim Mã', 'Ngọc Hà', 'Điện Biên']);
		const kimMa = s.wards[0]!;
		expect(kimMa.cases.f0Active).toMatchObject({ value: 40, previous: 38, change: 2, corrected: false });
		expect(kimMa.newF0.value).toBe(5);
		expect(kimMa.positivityPct).toBe(0.6);
		// Ngọc Hà's report is from the day before: day figures are unknown, state figures stand.
		expect(s.wards[1]!.cases.f0NewCommunity.value).toBeNull();
		expect(s.wards[1]!.cases.f0Active.value).toBe(7);
		expect(s.wards[2]!.cases.f0Active.value).toBeNull();
		expect(s.caseTotals.f0Active).toMatchObject({ value: 47, previous: 43, change: 4 });
	});

	it('lists the wards that had not reported since the previous slot', () => {
		expect(s.notReported.map((w) => w.name)).toEqual(['Ngọc Hà', 'Điện Biên']);
		expect(s.notReported[1]!.lastReportedAt).toBeNull();
	});

	it('reads beds, stock, checkpoints, tasks and alerts from the frozen figures', () => {
		expect(s.facilities[0]).toMatchObject({ statusLabel: 'Đang hoạt động', occupancyPct: 96 });
		expect(s.facilities[0]!.free.value).toBe(10);
		expect(s.stock.items.map((i) => i.name)).toEqual(['Gạo', 'Khẩu trang y tế']);
		expect(s.stock.warehouses).toHaveLength(1);
		expect(s.stock.warehouses[0]!.cells.map((r) => [r?.itemName, r?.daysOfSupply.value, r?.belowMinimum])).toEqual([
			['Gạo', 6, true],
			['Khẩu trang y tế', null, false]
		]);
		expect(s.itemsBelowMinimum).toBe(1);
		expect(s.checkpoints[0]).toMatchObject({
			noPolice: true,
			wardName: 'Kim Mã',
			name: 'Chốt Kim Mã – Giảng Võ',
			kindLabel: 'Chốt ranh giới phường',
			notEnded: 0
		});
		expect(s.checkpoints[0]!.gap.value).toBe(2);
		expect(s.checkpoints[0]!.forces.map((f) => `${f.label} ${f.present}/${f.required}`)).toEqual(['Công an 0/2', 'Dân quân tự vệ 1/1']);
		expect(s.checkpointsShort).toBe(1);
		expect(s.wards[0]!.tasks.open.value).toBe(2);
		expect(s.wards[0]!.tasks.overdue.value).toBe(1);
		expect(s.tasks.districtWide.open).toBe(1);
		expect(s.alerts.some((a) => a.severity === 'critical' && a.subject === 'Cung thể thao Quần Ngựa')).toBe(true);
		expect(s.district.find((d) => d.key === 'district:f0Active')).toMatchObject({ label: 'F0 đang điều trị', value: 47, change: 4 });
	});

	it("names a checkpoint's blockade, lifted or not as of the report's time (issue 13 §1)", () => {
		const at = (liftedAt: string | null) =>
			reportSections({ ...content, checkpoints: [{ ...content.checkpoints[0]!, kind: 'blockade', blockade: { id: 7, name: 'Ngõ 12 Kim Mã', liftedAt } }] })
				.checkpoints[0]!.kindLabel;
		expect(at(null)).toBe('Chốt trong khu phong tỏa · Ngõ 12 Kim Mã');
		expect(at('2021-09-02T03:00:00Z')).toBe('Chốt trong khu phong tỏa · Ngõ 12 Kim Mã (đã gỡ)');
		// A report made before the link existed has none.
		expect(reportSections({ ...content, checkpoints: [{ ...content.checkpoints[0]!, kind: 'blockade' }] }).checkpoints[0]!.kindLabel).toBe(
			'Chốt trong khu phong tỏa'
		);
	});

	it('marks what a revision corrected, with the value before', () => {
		const correction = parseCorrection({ reason: 'Báo nhầm', wards: { 'kim-ma': { f0Active: 45 } } });
		if (!correction.ok) throw new Error('bad correction');
		const revised = applyCorrection(content, correction.value, REPORT_LABELS);
		if (!revised.ok) throw new Error('refused');
		const r = reportSections(revised.content);
		expect(r.wards[0]!.cases.f0Active).toMatchObject({ value: 45, corrected: true, before: 40 });
		expect(r.wards[0]!.cases.f0NewCommunity.corrected).toBe(false);
		expect(r.caseTotals.f0Active.corrected).toBe(true);
		expect(r.corrected).toEqual([{ key: 'ward:kim-ma:f0Active', subject: 'Kim Mã', label: 'F0 đang điều trị', before: 40, after: 45 }]);
		expect(cellLookup(revised.content)('district:f0Active').value).toBe(52);
	});
});

describe('the report as CSV', () => {
	const view = sampleView();

	it('is named by the report time and revision', () => {
		expect(csvFileName(view)).toBe('bao-cao-2021-09-02-1800-r0.csv');
		expect(csvFileName({ asOf: '2021-09-02T03:05:00Z', revision: 2 })).toBe('bao-cao-2021-09-02-1005-r2.csv');
	});

	it('starts with which report it is, then one row per figure with numbers left as numbers', () => {
		const rows = reportCsvRows(view);
		expect(rows[0]).toEqual(['Báo cáo số', 42]);
		expect(rows[2]).toEqual(['Tính đến', '18:00 02/09/2021', '2021-09-02T11:00:00.000Z']);
		const header = rows.findIndex((r) => r[0] === 'section');
		expect(rows[header]).toEqual(['section', 'scope', 'subject', 'label', 'unit', 'value', 'previous', 'change', 'key', 'corrected_from']);
		expect(rows.length - header - 1).toBe(view.content.figures.length);
		expect(rows).toContainEqual(['cases', 'kim-ma', 'Kim Mã', 'F0 đang điều trị', '', 40, 38, 2, 'ward:kim-ma:f0Active', '']);
		expect(rows).toContainEqual(['cases', 'dien-bien', 'Điện Biên', 'F0 đang điều trị', '', '', '', '', 'ward:dien-bien:f0Active', '']);
	});
});

describe('history across reports', () => {
	const points = [
		{ id: 1, asOf: '2021-09-01T23:00:00Z', late: false, figures: { 'district:newF0': 3, 'ward:kim-ma:f0NewCommunity': 1, 'ward:kim-ma:f0NewQuarantine': 2 } },
		{
			id: 2,
			asOf: '2021-09-02T05:00:00Z',
			late: true,
			figures: { 'district:newF0': null, 'ward:kim-ma:f0NewCommunity': null, 'ward:kim-ma:f0NewQuarantine': 4 }
		}
	];

	it('labels each report by its time and sums the keys of a line', () => {
		const h = historySeries(points, [DISTRICT_SERIES[0]!, wardSeries('kim-ma')[0]!]);
		expect(h.labels).toEqual(['06:00 02/09', '12:00 02/09']);
		expect(h.lines[0]!.values).toEqual([3, null]);
		expect(h.lines[1]!.values).toEqual([3, 4]);
	});

	it('defaults to the last days up to today, on the Hanoi calendar', () => {
		expect(recentRange(new Date('2021-09-02T17:30:00Z'), 7)).toEqual({ from: '2021-08-28', to: '2021-09-03' });
	});
});

describe('what the report pages accept', () => {
	const now = new Date('2021-09-02T11:00:00Z');

	it('takes a date range, names a malformed date and uses the default instead, swaps a reversed range', () => {
		expect(parseRangeQuery(new URLSearchParams('from=2021-09-01&to=2021-09-02&ward=kim-ma'), now, 7)).toEqual({
			from: '2021-09-01',
			to: '2021-09-02',
			ward: 'kim-ma',
			errors: []
		});
		const bad = parseRangeQuery(new URLSearchParams('from=02/09/2021'), now, 7);
		expect(bad.from).toBe('2021-08-27');
		expect(bad.errors.map((e) => [e.field, e.code])).toEqual([['from', 'bad_day']]);
		expect(parseRangeQuery(new URLSearchParams('from=2021-09-05&to=2021-09-01'), now, 7)).toMatchObject({ from: '2021-09-01', to: '2021-09-05' });
	});

	it('takes only positive whole report ids', () => {
		expect(reportIdParam.safeParse('12').data).toBe(12);
		for (const bad of ['0', '-1', '1.5', 'abc', '99999999999']) expect(reportIdParam.safeParse(bad).success).toBe(false);
	});

	it('turns the correction form into the API body: empty inputs are left out, typed text is passed on', () => {
		const f = new FormData();
		f.set('ward', 'kim-ma');
		f.set('reason', 'Báo nhầm');
		f.set('f0Active', '1.234');
		f.set('positives', 'abc');
		f.set('f2', '');
		const c = correctionBody(f);
		expect(c).toEqual({ ward: 'kim-ma', body: { reason: 'Báo nhầm', wards: { 'kim-ma': { f0Active: 1234, positives: 'abc' } } } });
		expect(correctionFormErrors(c)).toEqual([]);
		expect(correctionFormErrors(correctionBody(new FormData())).map((e) => e.field)).toEqual(['ward']);
		const none = new FormData();
		none.set('ward', 'kim-ma');
		expect(correctionFormErrors(correctionBody(none)).map((e) => e.field)).toEqual(['figures']);
	});

	it('places a refusal next to the input it is about', () => {
		expect(correctionInputOf('wards.kim-ma.positives', 'kim-ma')).toBe('positives');
		expect(correctionInputOf('reason', 'kim-ma')).toBe('reason');
		expect(correctionInputOf('wards.kim-ma', 'kim-ma')).toBeNull();
		expect(correctionInputOf('wards.ngoc-ha.positives', 'kim-ma')).toBeNull();
	});
});

describe('when a ward reported, as printed', () => {
	it('gives the time alone on the report day, the date too before it', () => {
		expect(reportedAtLabel('2021-09-02T02:30:00Z', '2021-09-02T11:00:00Z')).toBe('09:30');
		expect(reportedAtLabel('2021-09-01T02:30:00Z', '2021-09-02T11:00:00Z')).toBe('09:30 01/09/2021');
	});
});
