/**
 * The duty roster (issue 14 §1) on a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL
 * is set), at a fixed clock: the district's leadership plans the district's post, a ward's
 * commander the ward's; each plan replaces the unit-day in one command — audited before/after,
 * exactly once per device key, live — and every refusal saves nothing and publishes nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, dutyShifts } from '../../src/lib/server/db/schema.ts';
import type { Principal } from '../../src/lib/domain/access.ts';
import type { LiveEvent } from '../../src/lib/contracts/live.ts';
import { applyEvent } from '../../src/lib/domain/feed.ts';
import { computeAlerts } from '../../src/lib/presentation/alerts.ts';
import { DATABASE_KINDS, createTestServices, openTestDatabase, type TestDatabase, type TestServices } from '../fixtures/db.ts';
import { rowCounts } from '../fixtures/row-counts.ts';
import { refusal } from '../fixtures/refusal.ts';

const admin: Principal = { kind: 'user', id: 'a', username: 'admin', name: 'Quản trị', role: 'admin', wardCode: null };
const commander: Principal = { kind: 'user', id: 'd', username: 'd', name: 'Chỉ huy quận', role: 'district_commander', wardCode: null };
const kimMa: Principal = { kind: 'user', id: 'km', username: 'km', name: 'Chỉ huy Kim Mã', role: 'ward_commander', wardCode: 'kim-ma' };
const kimMaStaff: Principal = { kind: 'user', id: 'ks', username: 'ks', name: 'Cán bộ Kim Mã', role: 'ward_staff', wardCode: 'kim-ma' };
const ngocHa: Principal = { kind: 'user', id: 'nh', username: 'nh', name: 'Chỉ huy Ngọc Hà', role: 'ward_commander', wardCode: 'ngoc-ha' };
const viewer: Principal = { kind: 'user', id: 'v', username: 'v', name: 'Xem', role: 'viewer', wardCode: null };

/** 15:00 on 6 December (Asia/Ho_Chi_Minh): shift 2 (14:00–22:00) is running. */
const NOW = new Date('2026-12-06T15:00:00+07:00');
const TODAY = '2026-12-06';
const hoa = { name: 'Trần Thị Hoa', phone: '0912 345 678' };
const nam = { name: 'Lê Văn Nam', phone: '0983 111 222' };
const binh = { name: 'Phạm Đức Bình', phone: '024 3823 4567' };

describe.each(DATABASE_KINDS)('duty roster on %s', (kind) => {
	let t: TestDatabase;
	let s: TestServices['services'];
	let published: LiveEvent[];
	const rows = () => t.database.db.select().from(dutyShifts).orderBy(dutyShifts.unit, dutyShifts.date, dutyShifts.shift);

	beforeAll(async () => {
		t = await openTestDatabase(kind);
		const ts = await createTestServices(t.database, undefined, { clock: () => NOW });
		s = ts.services;
		published = ts.published;
	});
	afterAll(async () => {
		await t?.dispose();
	});
	beforeEach(() => {
		published.length = 0;
	});

	it('the district commander plans the district’s day: stored whole, audited before/after, live, and the wall follows', async () => {
		const before = await s.live.snapshot(admin);
		expect(before.duty?.days).toEqual(['2026-12-06', '2026-12-07', '2026-12-08']);
		const day = await s.duty.plan(commander, { unit: 'district', date: TODAY }, { shifts: [{ shift: 2, leader: hoa, officers: [nam, binh] }, { shift: 3, leader: nam }] }, 'key-district-1');
		expect(day).toMatchObject({ unit: 'district', name: 'Quận Ba Đình', date: TODAY, now: { shiftKey: `${TODAY}#2`, leader: hoa, officers: [nam, binh] } });
		// Every shift of the day is stored; shift 1 (not in the plan) as "no one".
		expect(day.shifts.map((r) => [r.shift, r.leader?.name ?? null, r.officers.length, r.updatedBy])).toEqual([
			[1, null, 0, 'Chỉ huy quận'],
			[2, hoa.name, 2, 'Chỉ huy quận'],
			[3, nam.name, 0, 'Chỉ huy quận']
		]);
		expect(published.map((e) => [e.type, e.wardCode])).toEqual([['duty:changed', null]]);
		const applied = published.reduce(applyEvent, before);
		const fresh = await s.live.snapshot(admin);
		expect(applied.duty).toEqual(fresh.duty);
		// The district's post no longer alarms; the wards, with no roster in this database, do.
		const alerts = computeAlerts(fresh, NOW).filter((a) => a.kind === 'duty_leader');
		expect(alerts.map((a) => a.id)).not.toContain('duty_leader:district');
		expect(alerts.find((a) => a.id === 'duty_leader:kim-ma')?.severity).toBe('critical');

		// A second plan replaces the day; the audit row holds the day before and after.
		await s.duty.plan(admin, { unit: 'district', date: TODAY }, { shifts: [{ shift: 2, leader: binh }, { shift: 3, leader: nam }] });
		const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entity, 'duty_roster'));
		expect(audit.map((a) => [a.action, a.entityId])).toEqual([
			['duty.plan', `district/${TODAY}`],
			['duty.plan', `district/${TODAY}`]
		]);
		expect((audit[1]!.before as Array<{ shift: number; leader: unknown }>)[1]).toMatchObject({ shift: 2, leader: hoa });
		expect((audit[1]!.after as Array<{ shift: number; leader: unknown; officers: unknown[] }>)[1]).toEqual({ shift: 2, leader: binh, officers: [] });
	});

	it('the same device key counts once; a ward commander plans the ward and its readers see it, another ward does not', async () => {
		const body = { shifts: [{ shift: 2, leader: nam }] };
		await s.duty.plan(kimMa, { unit: 'kim-ma', date: TODAY }, body, 'key-kim-ma-1');
		const counts = await rowCounts(t.database);
		await s.duty.plan(kimMa, { unit: 'kim-ma', date: TODAY }, body, 'key-kim-ma-1');
		expect(await rowCounts(t.database)).toEqual(counts);
		expect(published.map((e) => [e.type, e.wardCode])).toEqual([['duty:changed', 'kim-ma']]);
		expect((await s.duty.get(kimMaStaff, { unit: 'kim-ma' })).now.leader).toEqual(nam);
		// A ward must know whom to call at the district: its people read the district's roster.
		expect((await s.duty.get(kimMa, { unit: 'district' })).now.leader).toEqual(binh);
		expect((await s.live.snapshot(kimMa)).duty?.shifts.every((r) => r.unit === 'kim-ma')).toBe(true);
		expect(await refusal(s.duty.get(ngocHa, { unit: 'kim-ma' }))).toMatchObject({ name: 'ForbiddenError' });
		// Planned ahead, within a month.
		await s.duty.plan(kimMa, { unit: 'kim-ma', date: '2027-01-06' }, { shifts: [{ shift: 1, leader: hoa }] });
		expect((await s.duty.get(viewer, { unit: 'kim-ma', date: '2027-01-06' })).shifts[0]!.leader).toEqual(hoa);
	});

	it.each([
		['another ward’s commander', ngocHa, { unit: 'kim-ma', date: TODAY }, { shifts: [{ shift: 2, leader: hoa }] }, 'ForbiddenError', []],
		['a ward commander on the district’s post', kimMa, { unit: 'district', date: TODAY }, { shifts: [{ shift: 2, leader: hoa }] }, 'ForbiddenError', []],
		['ward staff', kimMaStaff, { unit: 'kim-ma', date: TODAY }, { shifts: [{ shift: 2, leader: hoa }] }, 'ForbiddenError', []],
		['a viewer', viewer, { unit: 'district', date: TODAY }, { shifts: [{ shift: 2, leader: hoa }] }, 'ForbiddenError', []],
		['an unknown unit', admin, { unit: 'khong-co', date: TODAY }, { shifts: [] }, 'ValidationError', ['unit:unknown_unit']],
		['a NUL byte in a name', admin, { unit: 'district', date: TODAY }, { shifts: [{ shift: 2, leader: { name: 'A\u0000', phone: '113' } }] }, 'ValidationError', ['shifts.0.leader.name:bad_text']],
		['a name too long', admin, { unit: 'district', date: TODAY }, { shifts: [{ shift: 2, leader: { name: 'x'.repeat(101), phone: '113' } }] }, 'ValidationError', ['shifts.0.leader.name:too_long']],
		['an unknown shift', admin, { unit: 'district', date: TODAY }, { shifts: [{ shift: 2 }, { shift: 9 }] }, 'ValidationError', ['shifts.1.shift:unknown_shift']],
		['a bad phone', admin, { unit: 'district', date: TODAY }, { shifts: [{ shift: 2, officers: [nam, { name: 'B', phone: 'x' }] }] }, 'ValidationError', ['shifts.0.officers.1.phone:bad_phone']],
		['a past day', admin, { unit: 'district', date: '2026-12-05' }, { shifts: [{ shift: 3, leader: hoa }] }, 'RuleRefusedError', ['date:date_in_past']],
		['a day too far ahead', admin, { unit: 'district', date: '2027-01-07' }, { shifts: [{ shift: 1, leader: hoa }] }, 'RuleRefusedError', ['date:date_too_far']],
		['an ended shift changed', admin, { unit: 'district', date: TODAY }, { shifts: [{ shift: 1, leader: hoa }, { shift: 2, leader: binh }] }, 'RuleRefusedError', ['shifts.0:shift_ended']]
	])('refuses %s and changes nothing', async (_, actor, target, body, name, fields) => {
		const counts = await rowCounts(t.database);
		const stored = await rows();
		const r = await refusal(s.duty.plan(actor, target, body));
		expect(r.name).toBe(name);
		expect(r.fields).toEqual(fields);
		expect(await rowCounts(t.database)).toEqual(counts);
		expect(await rows()).toEqual(stored);
		expect(published).toEqual([]);
	});

	it('the situation report’s last section names each unit’s duty leader at its shift, with the hotlines; a unit with none is in its alerts', async () => {
		const r = await s.reports.generateNow(admin);
		const duty = r.content.duty!;
		expect(duty.shift.key).toBe(`${TODAY}#2`);
		expect(duty.units[0]).toMatchObject({ unit: 'district', name: 'Quận Ba Đình', hotline: '024 3823 3016', leader: binh });
		expect(duty.units.find((u) => u.unit === 'kim-ma')).toMatchObject({ name: 'Phường Kim Mã', leader: nam });
		expect(duty.units.find((u) => u.unit === 'ngoc-ha')?.leader).toBeNull();
		expect(duty.units).toHaveLength(15);
		const alerts = r.content.alerts.filter((a) => a.kind === 'duty_leader').map((a) => a.id);
		expect(alerts).toContain('duty_leader:ngoc-ha');
		expect(alerts).not.toContain('duty_leader:district');
	});

	it('a day whose shift 1 has ended takes a plan that carries shift 1 as stored', async () => {
		const day = await s.duty.get(admin, { unit: 'district' });
		const shifts = day.shifts.map((r) => ({ shift: r.shift, leader: r.leader, officers: r.officers }));
		shifts[1] = { shift: 2, leader: nam, officers: [] };
		const after = await s.duty.plan(admin, { unit: 'district', date: TODAY }, { shifts });
		expect(after.now.leader).toEqual(nam);
	});
});

describe.each(DATABASE_KINDS)('the demo roster on %s', (kind) => {
	let t: TestDatabase;
	afterAll(async () => {
		await t?.dispose();
	});

	it('a fresh install opens with every unit led, and a restart never overwrites a unit-day someone planned', async () => {
		t = await openTestDatabase(kind);
		const { readCompanionFile } = await import('../../server/core.ts');
		const { dutyFile } = await import('../../src/lib/contracts/duty.ts');
		const { BA_DINH } = await import('../fixtures/db.ts');
		const file = await readCompanionFile(BA_DINH, 'duty', dutyFile);
		expect(file?.units).toHaveLength(15);
		const { services: s } = await createTestServices(t.database, undefined, { clock: () => NOW, data: { duty: file } });
		const snap = await s.live.snapshot(admin);
		expect(computeAlerts(snap, NOW).filter((a) => a.kind === 'duty_leader')).toEqual([]);
		expect((await s.duty.get(admin, { unit: 'district' })).now.leader?.name).toBeTruthy();

		await s.duty.plan(commander, { unit: 'kim-ma', date: '2026-12-07' }, { shifts: [{ shift: 1, leader: hoa }] });
		const again = await createTestServices(t.database, undefined, { clock: () => NOW, data: { duty: file } });
		const kept = await again.services.duty.get(admin, { unit: 'kim-ma', date: '2026-12-07' });
		expect(kept.shifts.map((r) => r.leader?.name ?? null)).toEqual([hoa.name, null, null]);
	});
});

describe.each(DATABASE_KINDS)('the directory on %s', (kind) => {
	let t: TestDatabase;
	afterAll(async () => {
		await t?.dispose();
	});

	it('lists the district’s leadership and each ward’s commander with the phones the admin gave, the hotlines and who leads the shift', async () => {
		t = await openTestDatabase(kind);
		const { readCompanionFile } = await import('../../server/core.ts');
		const { facilitiesFile } = await import('../../src/lib/contracts/quarantine.ts');
		const { stockFile } = await import('../../src/lib/contracts/stock.ts');
		const { BA_DINH } = await import('../fixtures/db.ts');
		const data = { quarantine: await readCompanionFile(BA_DINH, 'quarantine', facilitiesFile), stock: await readCompanionFile(BA_DINH, 'stock', stockFile) };
		const { services: s } = await createTestServices(t.database, undefined, { clock: () => NOW, data });
		const quan = await s.accounts.create(admin, { username: 'quan', displayName: 'Đỗ Minh Quân', role: 'district_commander', phone: '0912 000 111' });
		expect(quan.user.phone).toBe('0912 000 111');
		await s.accounts.create(admin, { username: 'hang', displayName: 'Vũ Thị Hằng', role: 'ward_commander', wardCode: 'kim-ma' });
		const hang = (await s.accounts.list(admin)).find((u) => u.username === 'hang')!;
		expect(hang.phone).toBeNull();
		await s.accounts.update(admin, hang.id, { displayName: hang.displayName, role: 'ward_commander', wardCode: 'kim-ma', phone: '0983 222 333' });
		// A phone in words is refused by name, and saves nothing.
		const counts = await rowCounts(t.database);
		expect(await refusal(s.accounts.create(admin, { username: 'lan', displayName: 'Lan', role: 'viewer', phone: 'gọi tôi' }))).toMatchObject({
			fields: ['phone:bad_phone']
		});
		expect(await rowCounts(t.database)).toEqual(counts);
		await s.duty.plan(commander, { unit: 'kim-ma', date: TODAY }, { shifts: [{ shift: 2, leader: nam }] });

		const kiosk: Principal = { kind: 'kiosk', id: 'k', name: 'Màn hình' };
		const d = await s.directory.get(kiosk);
		expect(d.shift.key).toBe(`${TODAY}#2`);
		expect(d.district).toMatchObject({ unit: 'district', name: 'Quận Ba Đình', hotline: '024 3823 3016', commanders: [{ name: 'Đỗ Minh Quân', phone: '0912 000 111' }] });
		const km = d.wards.find((w) => w.unit === 'kim-ma')!;
		expect(km).toMatchObject({ name: 'Phường Kim Mã', leader: nam, commanders: [{ name: 'Vũ Thị Hằng', role: 'ward_commander', phone: '0983 222 333' }] });
		expect(km.hotline).toMatch(/^024 /);
		expect(d.wards).toHaveLength(14);
		expect(d.facilities.length).toBeGreaterThan(0);
		expect(d.warehouses.length).toBeGreaterThan(0);
		expect(d.warehouses.every((w) => w.unit === 'district' || d.wards.some((x) => x.unit === w.unit))).toBe(true);
	});
});
