import { describe, expect, it } from 'vitest';
import { currentShift, dutyElsewhereDetail, staffing } from '../../src/lib/domain/checkpoint.ts';

const hanoi = (iso: string) => new Date(`${iso}+07:00`);

describe('currentShift (06–14, 14–22, 22–06 Hanoi)', () => {
	it.each([
		['2026-11-22T06:00:00', '2026-11-22#1'],
		['2026-11-22T13:59:59', '2026-11-22#1'],
		['2026-11-22T14:00:00', '2026-11-22#2'],
		['2026-11-22T22:00:00', '2026-11-22#3'],
		['2026-11-23T05:59:59', '2026-11-22#3'],
		['2027-01-01T03:00:00', '2026-12-31#3']
	])('%s → %s', (at, key) => {
		expect(currentShift(hanoi(at)).key).toBe(key);
	});
	it('is independent of the server time zone and configurable', () => {
		expect(currentShift(new Date('2026-11-22T00:30:00Z'), [0, 12]).key).toBe('2026-11-22#1'); // 07:30 Hanoi
		expect(currentShift(new Date('2026-11-22T06:30:00Z'), [0, 12]).key).toBe('2026-11-22#2'); // 13:30 Hanoi
	});
});

describe('staffing', () => {
	it('present vs required per force, with the total gap', () => {
		const s = staffing({ police: 2, militia: 1, civil_defence: 2 }, [{ force: 'police' }, { force: 'civil_defence' }, { force: 'civil_defence' }, { force: 'volunteers' }]);
		expect(s.forces).toEqual([
			{ force: 'police', required: 2, present: 1, gap: 1 },
			{ force: 'militia', required: 1, present: 0, gap: 1 },
			{ force: 'civil_defence', required: 2, present: 2, gap: 0 },
			{ force: 'volunteers', required: 0, present: 1, gap: 0 }
		]);
		expect(s.gap).toBe(2);
	});
	it('more people than required is no negative gap', () => {
		expect(staffing({ police: 1 }, [{ force: 'police' }, { force: 'police' }]).gap).toBe(0);
	});
});

describe('dutyElsewhereDetail', () => {
	const where = { name: 'Chốt Kim Mã – Nguyễn Thái Học', wardCode: 'kim-ma' };
	const user = (role: 'district_commander' | 'viewer' | 'ward_commander' | 'ward_staff', wardCode: string | null) =>
		({ kind: 'user', id: 'u', username: 'u', name: 'U', role, wardCode }) as const;

	it('names the checkpoint to the district and to its own ward', () => {
		expect(dutyElsewhereDetail(user('district_commander', null), where)).toBe(where.name);
		expect(dutyElsewhereDetail(user('viewer', null), where)).toBe(where.name);
		expect(dutyElsewhereDetail(user('ward_staff', 'kim-ma'), where)).toBe(where.name);
	});

	it('tells another ward nothing about where', () => {
		expect(dutyElsewhereDetail(user('ward_commander', 'doi-can'), where)).toBeUndefined();
		expect(dutyElsewhereDetail({ kind: 'api', id: 'a', name: 'A', access: 'write', wards: ['doi-can'] }, where)).toBeUndefined();
	});
});
