import { describe, expect, it } from 'vitest';
import { badFieldsIn, badInputIn, calendarDay, isCalendarDay, isStorableText, limitQuery, MAX_JSON_DEPTH } from '../../src/lib/contracts/input.ts';
import { canonicalJson } from '../../src/lib/domain/canonical-json.ts';
import { parseWith } from '../../src/lib/contracts/errors.ts';

describe('text the database can store', () => {
	it('refuses NUL and lone surrogates, keeps Vietnamese and paired surrogates (emoji)', () => {
		expect(isStorableText('Phường Điện Biên — 😷')).toBe(true);
		expect(isStorableText('a\u0000b')).toBe(false);
		expect(isStorableText('a\uD800b')).toBe(false);
		expect(isStorableText('\uDC00')).toBe(false);
	});
	it('names the path of the first bad string in a body, keys included', () => {
		expect(badInputIn({ a: 'ok', b: [1, { note: 'x\u0000' }] })).toMatchObject({ field: 'b.1.note', code: 'bad_text' });
		expect(badInputIn({ ['k\uD800']: 1 })).toMatchObject({ field: '', code: 'bad_text' });
		expect(badInputIn({ a: 1, b: null, c: [true, 'ok'] })).toBeNull();
	});
	it('refuses nesting deeper than MAX_JSON_DEPTH without recursion', () => {
		let deep: unknown = 'x';
		for (let i = 0; i < 100_000; i++) deep = [deep];
		expect(badInputIn(deep)).toMatchObject({ code: 'too_deep' });
		let ok: unknown = 'x';
		for (let i = 0; i < MAX_JSON_DEPTH; i++) ok = { a: ok };
		expect(badInputIn(ok)).toBeNull();
	});
	it('names a repeated field unless it is a list', () => {
		expect(
			badFieldsIn([
				['limit', '1'],
				['limit', '2']
			])
		).toMatchObject({ field: 'limit', code: 'repeated' });
		expect(
			badFieldsIn(
				[
					['wards', 'a'],
					['wards', 'b']
				],
				['wards']
			)
		).toBeNull();
		expect(badFieldsIn([['name', 'x\u0000']])).toMatchObject({ field: 'name', code: 'bad_text' });
	});
});

describe('calendar days and page sizes', () => {
	it.each(['2021-13-01', '2021-02-30', '2021-02-29', '0000-01-01', '2021-1-1', '10000-01-01', '2021-00-10', '2021-04-31', ' 2021-01-01'])('refuses %s', (s) => {
		expect(isCalendarDay(s)).toBe(false);
		expect(parseWith(calendarDay, s)).toMatchObject({ ok: false, errors: [{ code: 'bad_day' }] });
	});
	it.each(['2021-07-24', '2020-02-29', '2000-02-29', '0001-01-01', '9999-12-31'])('accepts %s', (s) => {
		expect(isCalendarDay(s)).toBe(true);
	});
	it('limit: absent is the default; a whole number 1..500 or refused by name', () => {
		expect(parseWith(limitQuery, {})).toEqual({ ok: true, value: { limit: 50 } });
		expect(parseWith(limitQuery, { limit: '500' })).toEqual({ ok: true, value: { limit: 500 } });
		for (const bad of ['1.5', '-1', '1e309', '0', '501', 'abc', '0x10', ' 5'])
			expect(parseWith(limitQuery, { limit: bad }), bad).toMatchObject({ ok: false, errors: [{ field: 'limit' }] });
	});
});

describe('canonical JSON', () => {
	it('is the same text for the same value in any key order, and differs when a value differs', () => {
		expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, 'x'] }, b: 1 }));
		expect(canonicalJson({ a: 1, u: undefined })).toBe('{"a":1}');
		expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
		expect(canonicalJson([undefined])).toBe('[null]');
	});
});
