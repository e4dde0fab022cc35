import { describe, expect, it } from 'vitest';
import {
	CHECKPOINT_KINDS,
	CONTROLLED_KINDS,
	FORCES,
	carriesBlockade,
	checkBlockadeLink,
	checkDefinition,
	checkShiftEnded,
	checkpointStaffing,
	currentShift,
	dutyElsewhereDetail,
	isControlled,
	shiftEnd,
	shiftKeyLabel,
	splitDuty,
	staffing
} from '../../src/lib/domain/checkpoint.ts';
import { FORCE_LABELS, checkpointKindLabel, policeRuleLabel } from '../../src/lib/i18n/labels.ts';
import { definitionRefusalMessage } from '../../src/lib/i18n/errors.ts';
import { checkpointsFile } from '../../src/lib/contracts/checkpoints.ts';
import { registryBodies } from '../../src/lib/contracts/forms.ts';
import { parseCheckpointCreate, parseCheckpointEdit } from '../../src/lib/contracts/registry.ts';

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
		const s = staffing({ police: 2, militia: 1, civil_defence: 2 }, [
			{ force: 'police' },
			{ force: 'civil_defence' },
			{ force: 'civil_defence' },
			{ force: 'volunteers' }
		]);
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

describe('shiftEnd', () => {
	it.each([
		['2026-11-22#1', '2026-11-22T14:00:00'],
		['2026-11-22#2', '2026-11-22T22:00:00'],
		['2026-11-22#3', '2026-11-23T06:00:00'],
		['2026-12-31#3', '2027-01-01T06:00:00']
	])('%s ends %s Hanoi', (key, at) => {
		expect(shiftEnd(key)).toEqual(hanoi(at));
		// The instant it ends is the next shift's first.
		expect(currentShift(shiftEnd(key)).key).not.toBe(key);
		expect(currentShift(new Date(shiftEnd(key).getTime() - 1)).key).toBe(key);
	});
	it('with other shift hours; refuses what is not a shift key', () => {
		expect(shiftEnd('2026-11-22#2', [0, 12])).toEqual(hanoi('2026-11-23T00:00:00'));
		expect(() => shiftEnd('2026-11-22#4')).toThrow();
		expect(() => shiftEnd('2026-11-22T14')).toThrow();
	});
	it('labels a shift key for people', () => {
		expect(shiftKeyLabel('2026-11-22#3')).toEqual({ vi: 'Ca 3 ngày 22/11/2026 (22:00–06:00)', en: 'Shift 3 of 22/11/2026 (22:00–06:00)' });
	});
});

describe('forces', () => {
	it('add the army and veterans; the community COVID team is "Tổ COVID cộng đồng"', () => {
		expect(FORCES).toContain('army');
		expect(FORCES).toContain('veterans');
		expect(FORCE_LABELS.army).toEqual({ vi: 'Quân đội', en: 'Army' });
		expect(FORCE_LABELS.veterans).toEqual({ vi: 'Cựu chiến binh', en: 'Veterans' });
		expect(FORCE_LABELS.covid_team.vi).toBe('Tổ COVID cộng đồng');
	});
});

describe('police at control checkpoints (seed 001 §4)', () => {
	it('border, main road and blockade are control checkpoints; community self-managed is not, and says so', () => {
		expect([...CONTROLLED_KINDS]).toEqual(['border', 'main_road', 'blockade']);
		expect(CHECKPOINT_KINDS.filter((k) => !isControlled(k))).toEqual(['community']);
		expect(policeRuleLabel('community')).toEqual({ vi: 'Chốt tự quản — không bắt buộc công an', en: 'Community self-managed — police not required' });
		expect(policeRuleLabel('border').vi).toContain('bắt buộc có công an');
	});

	it('a control checkpoint requiring no police per shift is refused, naming the field', () => {
		for (const kind of CONTROLLED_KINDS) {
			expect(checkDefinition({ kind, required: { militia: 2 } })).toEqual({ code: 'police_required', field: 'required.police', kind });
			expect(checkDefinition({ kind, required: { police: 0, militia: 2 } })?.code).toBe('police_required');
			expect(checkDefinition({ kind, required: { police: 1 } })).toBeNull();
		}
	});

	it('a community self-managed checkpoint is exempt', () => {
		expect(checkDefinition({ kind: 'community', required: { covid_team: 2 } })).toBeNull();
		expect(checkDefinition({ kind: 'community', required: {} })).toBeNull();
	});

	it('the district file refuses the definition with a message naming the checkpoint and the field', () => {
		const file = {
			checkpoints: [
				{
					code: 'kim-ma-1',
					name: 'Chốt Kim Mã – Nguyễn Thái Học',
					wardCode: 'kim-ma',
					kind: 'main_road',
					leadUnit: 'Công an phường Kim Mã',
					required: { police: 2 }
				},
				{ code: 'kim-ma-9', name: 'Chốt Đào Tấn', wardCode: 'kim-ma', kind: 'border', leadUnit: 'Công an phường Kim Mã', required: { militia: 2, army: 1 } },
				{
					code: 'kim-ma-2',
					name: 'Chốt tự quản ngõ 1',
					wardCode: 'kim-ma',
					kind: 'community',
					leadUnit: 'Tổ dân phố 1',
					required: { covid_team: 2, veterans: 1 }
				}
			]
		};
		const r = checkpointsFile.safeParse(file);
		expect(r.success).toBe(false);
		const issues = r.success ? [] : r.error.issues;
		expect(issues).toHaveLength(1);
		expect(issues[0]!.path).toEqual(['checkpoints', 1, 'required', 'police']);
		expect(issues[0]!.message).toContain('kim-ma-9');
		expect(issues[0]!.message).toContain('Chốt Đào Tấn');
		expect(issues[0]!.message).toContain('required.police');
		expect(issues[0]!.message).toBe(definitionRefusalMessage(file.checkpoints[1]!, checkDefinition(file.checkpoints[1]!)!));
		expect(checkpointsFile.safeParse({ checkpoints: [file.checkpoints[0], file.checkpoints[2]] }).success).toBe(true);
	});
});

describe('a check-in belongs to its shift', () => {
	const d = (force: string, shiftKey: string, carriedOverTo: string | null = null) => ({ force, shiftKey, carriedOverTo });
	const at10 = hanoi('2026-11-22T10:00:00'); // shift 1
	const at15 = hanoi('2026-11-22T15:00:00'); // shift 2

	it('counts while its shift runs; after the shift it is "not ended", not present', () => {
		const duty = [d('police', '2026-11-22#1'), d('militia', '2026-11-22#2')];
		expect(splitDuty(duty, at10)).toEqual({ present: [duty[0]], notEnded: [] });
		expect(splitDuty(duty, at15)).toEqual({ present: [duty[1]], notEnded: [duty[0]] });
		expect(splitDuty(duty, hanoi('2026-11-23T07:00:00'))).toEqual({ present: [], notEnded: duty });
	});

	it('carried over into a shift, it counts in that shift, and is not ended after it', () => {
		const carried = d('police', '2026-11-22#1', '2026-11-22#2');
		expect(splitDuty([carried], at10).present).toHaveLength(1);
		expect(splitDuty([carried], at15).present).toHaveLength(1);
		expect(splitDuty([carried], hanoi('2026-11-22T23:00:00')).notEnded).toHaveLength(1);
	});

	it("only an ended shift's check-in can be closed or carried over", () => {
		expect(checkShiftEnded(d('police', '2026-11-22#1'), at15)).toBeNull();
		expect(checkShiftEnded(d('police', '2026-11-22#2'), at15)).toEqual({ code: 'shift_not_ended', shiftKey: '2026-11-22#2' });
		expect(checkShiftEnded(d('police', '2026-11-22#1', '2026-11-22#2'), at15)?.code).toBe('shift_not_ended');
	});

	it('staffing at a control checkpoint: no police present on the running shift is flagged; a community one never', () => {
		const road = { kind: 'main_road', required: { police: 1, civil_defence: 1 }, onDuty: [d('police', '2026-11-22#1'), d('civil_defence', '2026-11-22#2')] };
		expect(checkpointStaffing(road, at10)).toMatchObject({ noPolice: false, notEnded: 0, present: 1, required: 2, gap: 1, controlled: true });
		expect(checkpointStaffing(road, at15)).toMatchObject({ noPolice: true, notEnded: 1, present: 1, required: 2, gap: 1 });
		const community = { kind: 'community', required: { police: 1, covid_team: 1 }, onDuty: [d('covid_team', '2026-11-22#2')] };
		expect(checkpointStaffing(community, at15)).toMatchObject({ noPolice: false, controlled: false, gap: 1 });
	});
});

describe('a checkpoint inside a blockaded area names its blockade (issue 13 §1)', () => {
	const inside = { kind: 'blockade', wardCode: 'kim-ma' };
	const active = { wardCode: 'kim-ma', liftedAt: null };
	const lifted = { wardCode: 'kim-ma', liftedAt: '2021-09-10T03:00:00.000Z' };

	it('only the blockade kind carries one', () => {
		expect(CHECKPOINT_KINDS.filter(carriesBlockade)).toEqual(['blockade']);
	});

	it('links a blockade kind to an active blockade of its own ward; no link is always fine', () => {
		expect(checkBlockadeLink(inside, 7, active)).toBeNull();
		expect(checkBlockadeLink(inside, null, null)).toBeNull();
		expect(checkBlockadeLink({ kind: 'border', wardCode: 'kim-ma' }, null, null)).toBeNull();
	});

	it('refuses, naming blockadeId: another kind, an unknown blockade, another ward, a lifted one newly linked', () => {
		expect(checkBlockadeLink({ kind: 'main_road', wardCode: 'kim-ma' }, 7, active)).toEqual({ code: 'not_blockade_checkpoint', field: 'blockadeId' });
		expect(checkBlockadeLink({ kind: 'community', wardCode: 'kim-ma' }, 7, active)?.code).toBe('not_blockade_checkpoint');
		expect(checkBlockadeLink(inside, 7, null)).toEqual({ code: 'unknown_blockade', field: 'blockadeId' });
		expect(checkBlockadeLink(inside, 7, { wardCode: 'ngoc-ha', liftedAt: null })).toEqual({ code: 'blockade_other_ward', field: 'blockadeId' });
		expect(checkBlockadeLink(inside, 7, lifted)).toEqual({ code: 'blockade_already_lifted', field: 'blockadeId' });
		expect(checkBlockadeLink(inside, 7, lifted, 5)?.code).toBe('blockade_already_lifted');
	});

	it('a lifted blockade stays linked (history): the same link passes, and so does an edit of anything else', () => {
		expect(checkBlockadeLink(inside, 7, lifted, 7)).toBeNull();
		// Still another kind's refusal first, even for the link it had.
		expect(checkBlockadeLink({ kind: 'border', wardCode: 'kim-ma' }, 7, lifted, 7)?.code).toBe('not_blockade_checkpoint');
	});

	it('the registry form sends its blockade select only for the blockade kind; the API takes an id or null', () => {
		const form = (fields: Record<string, string>) =>
			new URLSearchParams({ code: 'c', name: 'C', wardCode: 'kim-ma', leadUnit: 'CA', 'required.police': '1', ...fields });
		expect(registryBodies.checkpoint(form({ kind: 'blockade', blockadeId: '12' })).blockadeId).toBe(12);
		expect(registryBodies.checkpoint(form({ kind: 'blockade', blockadeId: '' })).blockadeId).toBeNull();
		// Hidden for another kind: whatever it holds means none.
		expect(registryBodies.checkpointEdit(form({ kind: 'border', blockadeId: '12' })).blockadeId).toBeNull();
		// Not an id: passed on as typed, so the schema names the field.
		const typed = registryBodies.checkpoint(form({ kind: 'blockade', blockadeId: '12a' }));
		expect(parseCheckpointCreate(typed)).toMatchObject({ ok: false, errors: [{ field: 'blockadeId', code: 'invalid' }] });
		expect(parseCheckpointCreate({ ...typed, blockadeId: undefined })).toMatchObject({ ok: true, value: { blockadeId: null } });
		expect(parseCheckpointEdit({ blockadeId: null })).toMatchObject({ ok: true, value: { blockadeId: null } });
		expect(parseCheckpointEdit({ blockadeId: 0 })).toMatchObject({ ok: false, errors: [{ field: 'blockadeId', code: 'invalid' }] });
	});

	it('the kind in words carries the blockade\'s name, "(đã gỡ)" once lifted', () => {
		expect(checkpointKindLabel({ kind: 'blockade' })).toEqual({ vi: 'Chốt trong khu phong tỏa', en: 'Inside a blockaded area' });
		expect(checkpointKindLabel({ kind: 'blockade', blockade: { id: 7, name: 'Ngõ 12 Kim Mã', liftedAt: null } })).toEqual({
			vi: 'Chốt trong khu phong tỏa · Ngõ 12 Kim Mã',
			en: 'Inside a blockaded area · Ngõ 12 Kim Mã'
		});
		expect(checkpointKindLabel({ kind: 'blockade', blockade: { id: 7, name: 'Ngõ 12 Kim Mã', liftedAt: lifted.liftedAt } })).toEqual({
			vi: 'Chốt trong khu phong tỏa · Ngõ 12 Kim Mã (đã gỡ)',
			en: 'Inside a blockaded area · Ngõ 12 Kim Mã (lifted)'
		});
	});
});
