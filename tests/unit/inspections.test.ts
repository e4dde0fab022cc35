/** Inspections' own rules (domain/inspections) and the input contract of POST /api/boards/<id>/inspections. */
import { describe, expect, it } from 'vitest';
import { consequence, findingsRequired, latestBySubject, openRecommendations, subjectKey, type Inspection } from '../../src/lib/domain/inspections.ts';
import { inspectionInput } from '../../src/lib/contracts/inspections.ts';
import { parseWith } from '../../src/lib/contracts/errors.ts';

let next = 1;
function inspection(p: Partial<Inspection>): Inspection {
	return {
		id: next++,
		board: 'kiem-tra',
		card: 'c1',
		cardTitle: 'Lực lượng tại chỗ',
		ward: 'kim-ma',
		inspector: { kind: 'user', id: 'u3', name: 'Trần Thị Bình' },
		at: '2021-09-02T03:00:00.000Z',
		conclusion: 'pass',
		findings: '',
		supersedes: null,
		...p
	};
}

describe('what an inspection does to its card', () => {
	it('pass → done; fail → back to Đang làm with the findings; recommend → done with the recommendation', () => {
		expect(consequence('pass', '')).toEqual({ to: 'done', comment: 'Kiểm tra: đạt' });
		expect(consequence('pass', ' Tốt ')).toEqual({ to: 'done', comment: 'Kiểm tra: đạt — Tốt' });
		expect(consequence('fail', 'Thiếu sổ trực')).toEqual({ to: 'doing', comment: 'Kiểm tra: chưa đạt — Thiếu sổ trực' });
		expect(consequence('recommend', 'Bổ sung 2 người')).toEqual({ to: 'done', comment: 'Kiểm tra: kiến nghị — Bổ sung 2 người' });
	});

	it('findings are required for chưa đạt and kiến nghị only', () => {
		expect(findingsRequired('pass')).toBe(false);
		expect(findingsRequired('fail')).toBe(true);
		expect(findingsRequired('recommend')).toBe(true);
	});
});

describe('supersede rules', () => {
	it("a subject's present verdict is the inspection nothing supersedes", () => {
		const a = inspection({ conclusion: 'fail', findings: 'x', at: '2021-09-02T01:00:00.000Z' });
		const b = inspection({ conclusion: 'pass', supersedes: a.id, at: '2021-09-02T02:00:00.000Z' });
		const other = inspection({ card: 'c2', conclusion: 'recommend', findings: 'y', at: '2021-09-02T01:30:00.000Z' });
		expect(latestBySubject([a, b, other]).map((i) => i.id)).toEqual([b.id, other.id]);
	});

	it('open recommendations: fail or recommend not yet superseded by a pass', () => {
		const failed = inspection({ conclusion: 'fail', findings: 'x' });
		const stillFailing = inspection({ conclusion: 'recommend', findings: 'y', supersedes: failed.id });
		const passedLater = inspection({ card: 'c2', conclusion: 'recommend', findings: 'z' });
		const pass = inspection({ card: 'c2', conclusion: 'pass', supersedes: passedLater.id });
		const readiness = inspection({ card: null, cardTitle: null, ward: 'ngoc-ha', conclusion: 'fail', findings: 'w' });
		expect(openRecommendations([failed, stillFailing, passedLater, pass, readiness]).map((i) => i.id)).toEqual([readiness.id, stillFailing.id]);
		// A pass later turned into a recommendation is open again.
		const reopened = inspection({ card: 'c2', conclusion: 'recommend', findings: 'v', supersedes: pass.id });
		expect(openRecommendations([passedLater, pass, reopened]).map((i) => i.id)).toEqual([reopened.id]);
	});

	it('a card and a ward’s readiness on the same board are different subjects', () => {
		const card = { board: 'b', card: 'kim-ma', ward: 'kim-ma' };
		const readiness = { board: 'b', card: null, ward: 'kim-ma' };
		expect(subjectKey(card)).not.toBe(subjectKey(readiness));
		expect(subjectKey({ ...card, ward: 'ngoc-ha' })).toBe(subjectKey(card));
	});
});

describe('the input of POST /api/boards/<id>/inspections', () => {
	const fieldsOf = (body: unknown) => {
		const r = parseWith(inspectionInput, body);
		return r.ok ? [] : r.errors.map((e) => `${e.field}:${e.code}`);
	};

	it('accepts a pass without findings, a fail with them, a ward readiness', () => {
		expect(parseWith(inspectionInput, { card: 'c1', conclusion: 'pass' })).toEqual({
			ok: true,
			value: { card: 'c1', ward: null, conclusion: 'pass', findings: '' }
		});
		expect(fieldsOf({ card: 'c1', conclusion: 'fail', findings: 'Thiếu' })).toEqual([]);
		expect(fieldsOf({ ward: 'kim-ma', conclusion: 'recommend', findings: 'Bổ sung' })).toEqual([]);
	});

	it('names the field of every refusal', () => {
		expect(fieldsOf({ card: 'c1', conclusion: 'fail' })).toEqual(['findings:required']);
		expect(fieldsOf({ card: 'c1', conclusion: 'recommend', findings: '   ' })).toEqual(['findings:required']);
		expect(fieldsOf({ card: 'c1', conclusion: 'dat' })).toEqual(['conclusion:unknown_conclusion']);
		expect(fieldsOf({ card: 'c1' })).toEqual(['conclusion:required']);
		expect(fieldsOf({ conclusion: 'pass' })).toEqual(['card:subject_required']);
		expect(fieldsOf({ card: 'c1', conclusion: 'fail', findings: 'a\u0000b' })).toEqual(['findings:bad_text']);
		expect(fieldsOf({ card: 'c1', conclusion: 'fail', findings: 'x'.repeat(2001) })).toEqual(['findings:too_long']);
		expect(fieldsOf({ card: '../x', conclusion: 'pass' })).toEqual(['card:unknown_card']);
		expect(fieldsOf({ ward: 'Kim Mã', conclusion: 'pass' })).toEqual(['ward:unknown_ward']);
		expect(fieldsOf({ card: 'c1', conclusion: 'pass', supersedes: 3 })).toEqual(['supersedes:unknown_field']);
	});
});
