/**
 * The authorization matrix, as a pure function: every kind of principal × every action ×
 * own ward / other ward / district-wide. Any wrong cell fails.
 */
import { describe, expect, it } from 'vitest';
import { can, documentAccess, readScope, type Action, type Principal } from '../../src/lib/domain/access.ts';

const OWN = 'kim-ma';
const OTHER = 'ngoc-ha';
const user = (role: Extract<Principal, { kind: 'user' }>['role'], wardCode: string | null = null): Principal => ({
	kind: 'user',
	id: role,
	username: role,
	name: role,
	role,
	wardCode
});

const principals: Record<string, Principal> = {
	admin: user('admin'),
	district_commander: user('district_commander'),
	ward_commander: user('ward_commander', OWN),
	ward_staff: user('ward_staff', OWN),
	viewer: user('viewer'),
	kiosk: { kind: 'kiosk', id: 'k', name: 'TV 1' },
	api_read_own: { kind: 'api', id: 'a1', name: 'lab', access: 'read', wards: [OWN] },
	api_write_own: { kind: 'api', id: 'a2', name: 'lab', access: 'write', wards: [OWN] },
	api_write_all: { kind: 'api', id: 'a3', name: 'lab', access: 'write', wards: 'all' }
};

// [read own, read other, read district, write own, write other, admin, audit, read layouts, manage layouts, create boards, read reports, manage reports]
const expected: Record<string, boolean[]> = {
	admin: [true, true, true, true, true, true, true, true, true, true, true, true],
	district_commander: [true, true, true, true, true, false, true, true, true, true, true, true],
	ward_commander: [true, false, false, true, false, false, false, true, false, false, false, false],
	ward_staff: [true, false, false, true, false, false, false, true, false, false, false, false],
	viewer: [true, true, true, false, false, false, false, true, false, false, true, false],
	kiosk: [true, true, true, false, false, false, false, true, false, false, false, false],
	api_read_own: [true, false, false, false, false, false, false, true, false, false, false, false],
	api_write_own: [true, false, false, true, false, false, false, true, false, false, false, false],
	api_write_all: [true, true, true, true, true, false, false, true, false, false, false, false]
};

const cells: Array<[string, Action, string | null]> = [
	['read own', 'ward:read', OWN],
	['read other', 'ward:read', OTHER],
	['read district', 'ward:read', null],
	['write own', 'ward:write', OWN],
	['write other', 'ward:write', OTHER],
	['admin', 'admin:manage', null],
	['audit', 'audit:read', null],
	['read layouts', 'layout:read', null],
	['manage layouts', 'layout:manage', null],
	['create boards', 'board:manage', null],
	['read reports', 'report:read', null],
	['manage reports', 'report:manage', null]
];

describe('can(): the authorization matrix', () => {
	it('every principal has a verdict for every cell', () => {
		for (const row of Object.values(expected)) expect(row).toHaveLength(cells.length);
	});
	for (const [name, p] of Object.entries(principals)) {
		cells.forEach(([cell, action, ward], i) => {
			it(`${name} · ${cell} → ${expected[name]![i] ? 'allowed' : 'refused'}`, () => {
				expect(can(p, action, ward)).toBe(expected[name]![i]);
			});
		});
	}
});

describe('documentAccess(): task-board documents', () => {
	it.each([
		['ward_commander', `board:ward:${OWN}`, 'write'],
		['ward_commander', `board:ward:${OTHER}`, null],
		['ward_commander', 'board:district', null],
		['viewer', `board:ward:${OWN}`, 'read'],
		['viewer', 'board:district', 'read'],
		['kiosk', 'board:district', 'read'],
		['kiosk', `board:ward:${OTHER}`, 'read'],
		['district_commander', 'board:district', 'write'],
		['district_commander', 'board:inspection-2021', 'write'],
		['admin', `board:ward:${OTHER}`, 'write'],
		['api_write_own', 'board:district', null],
		['admin', 'not-a-board', null]
	] as const)('%s on %s → %s', (who, doc, access) => {
		expect(documentAccess(principals[who]!, doc)).toBe(access);
	});
});

describe('readScope: what a reader of the live picture sees', () => {
	it('district-wide roles and kiosks the district; ward people their ward', () => {
		expect(readScope(principals.admin!)).toEqual({ ward: null });
		expect(readScope(principals.kiosk!)).toEqual({ ward: null });
		expect(readScope(principals.ward_commander!)).toEqual({ ward: OWN });
		expect(readScope(principals.ward_staff!)).toEqual({ ward: OWN });
	});
	it('a ward person without a ward sees nothing', () => {
		expect(readScope(user('ward_commander', null))).toBeNull();
	});
});
