import { describe, expect, it } from 'vitest';
import { checkEndedShifts, checkPlanDay, dutyAt, missingLeaders, onDutyAt, PHONE_PATTERN, type DutyShiftRow } from '../../src/lib/domain/duty.ts';
import { parseDutyRoster, dutyTarget } from '../../src/lib/contracts/duty.ts';
import { computeAlerts } from '../../src/lib/presentation/alerts.ts';
import { applyEvent } from '../../src/lib/domain/feed.ts';
import type { LiveSnapshot } from '../../src/lib/contracts/live.ts';
import { buildTrend } from '../../src/lib/domain/trend.ts';
import { can, type Principal, type Role } from '../../src/lib/domain/access.ts';

const at = (local: string) => new Date(`${local}+07:00`);
const hoa = { name: 'Trần Thị Hoa', phone: '0912 345 678' };
const nam = { name: 'Lê Văn Nam', phone: '0983.111.222' };
const row = (date: string, shift: number, leader: DutyShiftRow['leader'], unit = 'district'): DutyShiftRow => ({
	unit,
	date,
	shift,
	leader,
	officers: [],
	updatedBy: 'x',
	updatedAt: '2026-12-01T00:00:00.000Z'
});

describe('onDutyAt: the running shift of the one shift definition', () => {
	const roster = [row('2026-12-05', 3, nam), row('2026-12-06', 1, hoa), row('2026-12-06', 2, null)];
	it('at 03:00 the leader is the previous day’s night shift (it started at 22:00)', () => {
		const d = onDutyAt(roster, at('2026-12-06T03:00:00'));
		expect(d.shift.key).toBe('2026-12-05#3');
		expect(d.leader).toEqual(nam);
	});
	it('at 06:00 the day shift takes over; a shift with no leader says null', () => {
		expect(onDutyAt(roster, at('2026-12-06T06:00:00')).leader).toEqual(hoa);
		expect(onDutyAt(roster, at('2026-12-06T14:30:00')).leader).toBeNull();
		expect(onDutyAt(roster, at('2026-12-06T22:30:00'))).toMatchObject({ leader: null, officers: [] });
	});
});

describe('missingLeaders: the running shift and those still to start today', () => {
	it('lists the unled running shift as current, then the rest of the day', () => {
		const r = missingLeaders([row('2026-12-06', 1, hoa)], at('2026-12-06T15:00:00'));
		expect(r.map((m) => [m.shift.key, m.current])).toEqual([
			['2026-12-06#2', true],
			['2026-12-06#3', false]
		]);
		expect(r[0]!.startsAt.toISOString()).toBe('2026-12-06T07:00:00.000Z');
	});
	it('at 03:00 the night shift of yesterday is current and today’s three are next', () => {
		const r = missingLeaders([row('2026-12-05', 3, nam)], at('2026-12-06T03:00:00'));
		expect(r.map((m) => [m.shift.key, m.current])).toEqual([
			['2026-12-06#1', false],
			['2026-12-06#2', false],
			['2026-12-06#3', false]
		]);
	});
	it('nothing is missing when every shift is led; a day the roster does not cover is never missing', () => {
		const led = [1, 2, 3].map((n) => row('2026-12-06', n, hoa));
		expect(missingLeaders(led, at('2026-12-06T07:00:00'))).toEqual([]);
		expect(missingLeaders([], at('2026-12-06T07:00:00'), ['2026-12-01'])).toEqual([]);
	});
});

describe('checkPlanDay and checkEndedShifts: the past is a record', () => {
	const now = at('2026-12-06T15:00:00');
	it('refuses a day whose every shift has ended, and one more than 31 days ahead', () => {
		expect(checkPlanDay('2026-12-05', now)).toEqual({ code: 'date_in_past', field: 'date' });
		expect(checkPlanDay('2026-12-06', now)).toBeNull();
		expect(checkPlanDay('2027-01-06', now)).toBeNull();
		expect(checkPlanDay('2027-01-07', now)).toEqual({ code: 'date_too_far', field: 'date' });
	});
	it('at 03:00 yesterday is still open: its night shift runs', () => {
		expect(checkPlanDay('2026-12-05', at('2026-12-06T03:00:00'))).toBeNull();
	});
	it('an ended shift must come back as stored; running and later shifts may change', () => {
		const before = [{ shift: 1, leader: hoa, officers: [] }];
		expect(
			checkEndedShifts(
				'2026-12-06',
				before,
				[
					{ shift: 1, leader: hoa, officers: [] },
					{ shift: 2, leader: nam, officers: [] }
				],
				now
			)
		).toBeNull();
		expect(checkEndedShifts('2026-12-06', before, [{ shift: 1, leader: nam, officers: [] }], now)).toEqual({
			code: 'shift_ended',
			field: 'shifts.0',
			shift: 1
		});
		expect(checkEndedShifts('2026-12-06', before, [{ shift: 2, leader: nam, officers: [] }], now)).toEqual({ code: 'shift_ended', field: 'shifts', shift: 1 });
		// Nothing stored and nothing named are the same "no one".
		expect(checkEndedShifts('2026-12-06', [], [{ shift: 1, leader: null, officers: [] }], now)).toBeNull();
	});
});

describe('the roster body: errors name the field', () => {
	const ok = { shifts: [{ shift: 1, leader: hoa, officers: [nam] }] };
	it('takes a plan and reads an absent leader or officers as none', () => {
		const r = parseDutyRoster({ shifts: [{ shift: 2 }] });
		expect(r).toEqual({ ok: true, value: { shifts: [{ shift: 2, leader: null, officers: [] }] } });
		expect(parseDutyRoster(ok).ok).toBe(true);
	});
	it.each([
		[{ shifts: [{ shift: 1 }, { shift: 2, leader: { name: 'A', phone: 'gọi tôi' } }] }, 'shifts.1.leader.phone', 'bad_phone'],
		[{ shifts: [{ shift: 4 }] }, 'shifts.0.shift', 'unknown_shift'],
		[{ shifts: [{ shift: 1 }, { shift: 1 }] }, 'shifts.1.shift', 'duplicate_shift'],
		[{ shifts: [{ shift: 1, leader: { name: 'x'.repeat(101), phone: '113' } }] }, 'shifts.0.leader.name', 'too_long'],
		[{ shifts: [{ shift: 1, officers: Array.from({ length: 13 }, () => nam) }] }, 'shifts.0.officers', 'too_many'],
		[{ shifts: [{ shift: 1, leader: { name: '', phone: '113' } }] }, 'shifts.0.leader.name', 'required'],
		[{ shifts: [{ shift: 1, extra: 1 }] }, 'shifts.0.extra', 'unknown_field'],
		[{}, 'shifts', 'required']
	])('%j → %s %s', (body, field, code) => {
		const r = parseDutyRoster(body);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors[0]).toMatchObject({ field, code });
	});
	it('phones are digits with spaces, dots, dashes and a leading +', () => {
		for (const p of ['113', '0912 345 678', '+84 24.3823.4567', '024-3823-4567']) expect(PHONE_PATTERN.test(p)).toBe(true);
		for (const p of ['', '+', '09 12 ', 'abc', '0912/345', '++84 1']) expect(PHONE_PATTERN.test(p)).toBe(false);
	});
	it('the unit is the district or a ward code; the date a calendar day', () => {
		expect(dutyTarget.safeParse({ unit: 'district', date: '2026-12-06' }).success).toBe(true);
		expect(dutyTarget.safeParse({ unit: 'Kim Mã', date: '2026-12-06' }).success).toBe(false);
		expect(dutyTarget.safeParse({ unit: 'kim-ma', date: '2026-02-30' }).success).toBe(false);
	});
});

const now = at('2026-12-06T15:00:00');
const snapshot = (shifts: DutyShiftRow[], ward: string | null = null): LiveSnapshot => ({
	seq: 1,
	scope: { ward },
	at: now.toISOString(),
	district: {
		code: 'ba-dinh',
		name: 'Quận Ba Đình',
		zoneScheme: 'three',
		zoneLevels: ['green', 'orange', 'red'],
		alerts: { occupancyWarn: 0.85, occupancyCritical: 0.95 },
		reportSlots: ['06:00', '12:00', '18:00'],
		reportGraceMinutes: 600,
		quarantineBedTarget: null,
		vaccination: { courseDoses: 2, goal: 0.9 }
	},
	wards: [{ code: 'kim-ma', name: 'Kim Mã', position: 0, hotline: '024 3834 0001', population: null, latest: null, zoneSince: null }],
	facilities: [],
	trend: buildTrend([], ['kim-ma'], now, 1),
	stock: [],
	checkpoints: [],
	layouts: [],
	tasks: [],
	blockades: [],
	duty: { days: ['2026-12-06', '2026-12-07'], shifts },
	kiosk: null
});
const dutyAlerts = (s: LiveSnapshot) => computeAlerts(s, now).filter((a) => a.kind === 'duty_leader');

describe('the "no duty leader" alert', () => {
	it('is critical per unit when the running shift has none, a warning when only a later one today has none', () => {
		const a = dutyAlerts(snapshot([row('2026-12-06', 2, hoa), row('2026-12-06', 2, null, 'kim-ma'), row('2026-12-06', 3, nam, 'kim-ma')]));
		expect(a.map((x) => [x.id, x.severity, x.wardCode])).toEqual([
			['duty_leader:kim-ma', 'critical', 'kim-ma'],
			['duty_leader:district', 'warning', null]
		]);
		expect(a[0]!.message.vi).toBe('ca đang trực (14:00–22:00) chưa có trực chỉ huy');
		expect(a[0]!.since).toBe('2026-12-06T07:00:00.000Z');
		expect(a[1]).toMatchObject({ subject: 'Quận Ba Đình', message: { vi: 'chưa có trực chỉ huy ca 3 (22:00–06:00)' } });
	});
	it('is quiet when every shift left today is led; a ward reader hears only its ward', () => {
		const led = ['district', 'kim-ma'].flatMap((u) => [2, 3].map((n) => row('2026-12-06', n, hoa, u)));
		expect(dutyAlerts(snapshot(led))).toEqual([]);
		expect(dutyAlerts(snapshot([], 'kim-ma')).map((x) => x.id)).toEqual(['duty_leader:kim-ma']);
	});
	it('a snapshot from before the roster raises nothing', () => {
		expect(dutyAlerts({ ...snapshot([]), duty: undefined })).toEqual([]);
	});
});

describe('duty:changed in the feed, and who is on duty per unit', () => {
	it('replaces the unit’s day and leaves other units and days alone', () => {
		const s = snapshot([row('2026-12-06', 2, hoa), row('2026-12-07', 1, hoa), row('2026-12-06', 2, hoa, 'kim-ma')]);
		const next = applyEvent(s, {
			type: 'duty:changed',
			seq: 2,
			wardPrevSeq: null,
			at: now.toISOString(),
			wardCode: null,
			unit: 'district',
			date: '2026-12-06',
			shifts: [{ shift: 2, leader: nam, officers: [hoa], updatedBy: 'Chỉ huy', updatedAt: now.toISOString() }]
		});
		expect(next.seq).toBe(2);
		const units = [
			{ unit: 'district', name: 'Quận Ba Đình', hotline: null },
			{ unit: 'kim-ma', name: 'Phường Kim Mã', hotline: '024 3834 0001' }
		];
		const d = dutyAt(units, next.duty!.shifts, now);
		expect(d.units.map((u) => [u.unit, u.leader?.name, u.officers.length])).toEqual([
			['district', nam.name, 1],
			['kim-ma', hoa.name, 0]
		]);
		expect(next.duty!.shifts.filter((r) => r.date === '2026-12-07')).toHaveLength(1);
	});
	it('a day outside the window is not kept', () => {
		const s = snapshot([]);
		const next = applyEvent(s, {
			type: 'duty:changed',
			seq: 2,
			wardPrevSeq: null,
			at: now.toISOString(),
			wardCode: null,
			unit: 'district',
			date: '2026-12-20',
			shifts: [{ shift: 1, leader: nam, officers: [], updatedBy: 'x', updatedAt: now.toISOString() }]
		});
		expect(next.duty!.shifts).toEqual([]);
	});
});

describe('who may plan a roster: can(duty:write)', () => {
	const user = (role: Role, wardCode: string | null = null): Principal => ({ kind: 'user', id: role, username: role, name: role, role, wardCode });
	it('the district’s post: admin and district commander only; a ward’s: also that ward’s commander, never its staff', () => {
		expect([user('admin'), user('district_commander'), user('ward_commander', 'kim-ma'), user('viewer')].map((p) => can(p, 'duty:write', null))).toEqual([
			true,
			true,
			false,
			false
		]);
		expect(can(user('ward_commander', 'kim-ma'), 'duty:write', 'kim-ma')).toBe(true);
		expect(can(user('ward_commander', 'kim-ma'), 'duty:write', 'ngoc-ha')).toBe(false);
		expect(can(user('ward_staff', 'kim-ma'), 'duty:write', 'kim-ma')).toBe(false);
		expect(can(user('district_commander'), 'duty:write', 'kim-ma')).toBe(true);
		expect(can({ kind: 'kiosk', id: 'k', name: 'k' }, 'duty:write', null)).toBe(false);
		expect(can({ kind: 'api', id: 'a', name: 'a', access: 'write', wards: 'all' }, 'duty:write', 'kim-ma')).toBe(false);
	});
});
