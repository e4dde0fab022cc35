import { describe, expect, it } from 'vitest';
import { parseCaseReport } from '../../src/lib/contracts/cases.ts';

const valid = {
	f0NewCommunity: 1,
	f0NewQuarantine: 2,
	f0Active: 3,
	f1Traced: 4,
	f1Quarantined: 5,
	f2: 6,
	samplesTested: 10,
	positives: 3,
	vaccineDoses: 100,
	zone: 'red'
};

function refusal(body: unknown, scheme: 'three' | 'four' = 'three') {
	const r = parseCaseReport(body, scheme);
	if (r.ok) throw new Error('expected a refusal');
	return r.errors.map((e) => [e.field, e.code]);
}

describe('parseCaseReport', () => {
	it('accepts a complete report and normalises an empty note to null', () => {
		const r = parseCaseReport({ ...valid, note: '  ' }, 'three');
		expect(r).toEqual({ ok: true, value: { ...valid, note: null } });
	});

	it('names every field at fault, once each, with a reason', () => {
		expect(refusal({ ...valid, f0NewCommunity: undefined, f0Active: 'x', f1Traced: 1.5, f2: -1, vaccineDoses: 10_000_001 })).toEqual([
			['f0NewCommunity', 'required'],
			['f0Active', 'not_number'],
			['f1Traced', 'not_integer'],
			['f2', 'negative'],
			['vaccineDoses', 'too_large']
		]);
	});

	it('refuses positives greater than samples tested, on the positives field', () => {
		expect(refusal({ ...valid, samplesTested: 2, positives: 3 })).toEqual([['positives', 'positives_exceed_samples']]);
	});

	it('names a cross-field fault in the same refusal as single-field ones', () => {
		expect(refusal({ ...valid, f2: -1, samplesTested: 2, positives: 3 })).toEqual([
			['f2', 'negative'],
			['positives', 'positives_exceed_samples']
		]);
	});

	it('refuses a zone level the configured scheme does not have', () => {
		expect(refusal({ ...valid, zone: 'yellow' }, 'three')).toEqual([['zone', 'unknown_zone']]);
		expect(parseCaseReport({ ...valid, zone: 'yellow' }, 'four').ok).toBe(true);
		expect(refusal({ ...valid, zone: undefined })).toEqual([['zone', 'required']]);
	});

	it('refuses unknown fields (a typo must not silently drop a figure)', () => {
		expect(refusal({ ...valid, f0newcommunity: 3 })).toEqual([['f0newcommunity', 'unknown_field']]);
	});

	it('refuses a body that is not an object', () => {
		expect(refusal([])).toEqual([['', 'invalid_body']]);
		expect(refusal(null)).toEqual([['', 'invalid_body']]);
		expect(refusal('{}')).toEqual([['', 'invalid_body']]);
	});

	it('refuses an over-long note', () => {
		expect(refusal({ ...valid, note: 'x'.repeat(501) })).toEqual([['note', 'too_long']]);
	});

	it('gives Vietnamese and English messages', () => {
		const r = parseCaseReport({ ...valid, f2: -1 }, 'three');
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors[0]).toMatchObject({ message: 'Không được là số âm', messageEn: 'Must not be negative' });
	});
});
