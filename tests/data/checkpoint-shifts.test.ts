/**
 * Checkpoints follow the directives (issue 11 §5), on a real database (PGlite, and PostgreSQL when
 * TEST_DATABASE_URL is set): a control checkpoint without police is refused when the district's
 * file is loaded; a shift with no police present is a critical alert; a check-in belongs to its
 * shift and stops counting when it ends; the next shift's leader closes or carries it over, audited;
 * every refusal changes nothing.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { auditLog, checkpoints, dutyRecords, events } from '../../src/lib/server/db/schema.ts';
import { ForbiddenError, RuleRefusedError, ValidationError } from '../../src/lib/server/errors.ts';
import type { Principal } from '../../src/lib/domain/access.ts';
import { computeAlerts } from '../../src/lib/presentation/alerts.ts';
import { checkpointStaffing, splitDuty } from '../../src/lib/domain/checkpoint.ts';
import { createServices, type Services } from '../../src/lib/server/services/index.ts';
import { createLocalBus } from '../../src/lib/server/realtime/bus.ts';
import { readCompanionFile, readDistrictDefinition } from '../../server/core.ts';
import { checkpointsFile, type CheckpointsFile } from '../../src/lib/contracts/checkpoints.ts';
import { BA_DINH, DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../fixtures/db.ts';

const kimMa: Principal = { kind: 'user', id: 'km', username: 'km', name: 'Chỉ huy Kim Mã', role: 'ward_commander', wardCode: 'kim-ma' };
const district: Principal = { kind: 'user', id: 'd', username: 'd', name: 'Chỉ huy quận', role: 'district_commander', wardCode: null };
const doiCan: Principal = { kind: 'user', id: 'dc', username: 'dc', name: 'Chỉ huy Đội Cấn', role: 'ward_commander', wardCode: 'doi-can' };
const hanoi = (iso: string) => new Date(`${iso}+07:00`);

describe('a checkpoints file with a control checkpoint without police', () => {
	let dir: string;
	beforeAll(async () => {
		dir = await mkdtemp(path.join(tmpdir(), 'cp-def-'));
	});
	afterAll(async () => {
		await rm(dir, { recursive: true, force: true });
	});

	it('is refused when read, naming the checkpoint and the field', async () => {
		const file = path.join(dir, 'q.json');
		await writeFile(
			path.join(dir, 'q.checkpoints.json'),
			JSON.stringify({
				checkpoints: [
					{ code: 'kim-ma-1', name: 'Chốt Kim Mã – Nguyễn Thái Học', wardCode: 'kim-ma', kind: 'main_road', leadUnit: 'Công an phường Kim Mã', required: { police: 2, army: 1 } },
					{ code: 'kim-ma-3', name: 'Chốt Đào Tấn – Kim Mã', wardCode: 'kim-ma', kind: 'blockade', leadUnit: 'Công an phường Kim Mã', required: { militia: 2, civil_defence: 2 } },
					{ code: 'kim-ma-2', name: 'Chốt tự quản ngõ 1', wardCode: 'kim-ma', kind: 'community', leadUnit: 'Tổ dân phố 1', required: { covid_team: 2, veterans: 1 } }
				]
			})
		);
		const err = await readCompanionFile(file, 'checkpoints', checkpointsFile).then(
			() => null,
			(e: Error) => e
		);
		expect(err?.message).toMatch(/checkpoints\.1\.required\.police: checkpoint "kim-ma-3" \(Chốt Đào Tấn – Kim Mã, kind blockade\): required\.police must be at least 1/);
		expect(err?.message).toContain('police_required');
		// The community one (no police) and the main-road one are not named.
		expect(err?.message).not.toContain('kim-ma-2');
	});
});

describe.each(DATABASE_KINDS)('checkpoint shifts on %s', (kind) => {
	let t: TestDatabase;
	let s: Services;
	let now = hanoi('2026-11-22T10:00:00'); // shift 1 (06–14)
	beforeAll(async () => {
		t = await openTestDatabase(kind);
		s = await createServices({
			database: t.database,
			bus: createLocalBus(),
			definition: await readDistrictDefinition(BA_DINH),
			data: { checkpoints: await readCompanionFile(BA_DINH, 'checkpoints', checkpointsFile) },
			clock: () => now
		});
	});
	afterAll(async () => {
		await t?.dispose();
	});
	const count = async (table: typeof dutyRecords | typeof auditLog | typeof events) => (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
	const counts = async () => ({ duty: await count(dutyRecords), audit: await count(auditLog), events: await count(events), rows: await t.database.db.select().from(dutyRecords).orderBy(dutyRecords.id) });
	const one = async (code: string) => (await s.checkpoints.list(kimMa, 'kim-ma')).find((c) => c.code === code)!;
	const refusedBy = (code: string) => (e: unknown) => (e instanceof RuleRefusedError || e instanceof ValidationError) && e.errors[0]?.code === code;

	it('a definition given in code without police at a control checkpoint is refused too, and nothing is loaded', async () => {
		const before = await t.database.db.select().from(checkpoints).orderBy(checkpoints.code);
		const bad: CheckpointsFile = {
			demo: false,
			checkpoints: [
				{ code: 'kim-ma-1', name: 'Đổi tên', wardCode: 'kim-ma', kind: 'main_road', leadUnit: 'X', required: { police: 2 } },
				{ code: 'kim-ma-9', name: 'Chốt mới', wardCode: 'kim-ma', kind: 'border', leadUnit: 'X', required: { militia: 3 } }
			]
		};
		await expect(s.checkpoints.sync(bad)).rejects.toThrow(/checkpoint "kim-ma-9" \(Chốt mới, kind border\): required\.police must be at least 1/);
		expect(await t.database.db.select().from(checkpoints).orderBy(checkpoints.code)).toEqual(before);
	});

	it('a control checkpoint whose shift has no police present is a critical alert; a community one is not', async () => {
		await s.checkpoints.checkIn(kimMa, 'kim-ma-1', { personName: 'Nguyễn Văn Dân', personKey: 'DP100001', force: 'civil_defence' });
		const c = await one('kim-ma-1');
		expect(c.kind).not.toBe('community');
		const snap = await s.live.snapshot(kimMa);
		const alerts = computeAlerts(snap, now).filter((a) => a.kind === 'staffing');
		const road = alerts.find((a) => a.id === 'staffing:kim-ma-1');
		expect(road?.severity).toBe('critical');
		expect(road?.subject).toBe(`${c.name} — Phường Kim Mã`);
		expect(road?.message.vi).toMatch(/^không có công an trong ca; thiếu 2 công an/);
		// Đội Cấn's second checkpoint is community self-managed: no one there is a gap, not a critical one.
		const whole = await s.live.snapshot(district);
		expect(whole.checkpoints.find((x) => x.code === 'doi-can-2')?.kind).toBe('community');
		const communityAlert = computeAlerts(whole, now).find((a) => a.id === 'staffing:doi-can-2');
		expect([communityAlert?.severity, communityAlert?.subject]).toEqual(['warning', 'Chốt tự quản ngõ 294 Đội Cấn — Phường Đội Cấn']);
		expect(computeAlerts(whole, now).find((a) => a.id === 'staffing:doi-can-1')?.severity).toBe('critical');

		await s.checkpoints.checkIn(kimMa, 'kim-ma-1', { personName: 'Đại úy Lê Văn Công', personKey: 'CA200001', force: 'police' });
		const after = computeAlerts(await s.live.snapshot(kimMa), now).find((a) => a.id === 'staffing:kim-ma-1');
		expect(after?.severity).toBe('warning');
	});

	it('at the end of the shift its check-ins stop counting: "not ended", until closed or carried over', async () => {
		const c10 = await one('kim-ma-1');
		expect(checkpointStaffing(c10, now)).toMatchObject({ notEnded: 0, noPolice: false });
		now = hanoi('2026-11-22T14:30:00'); // shift 2
		const c = await one('kim-ma-1');
		// Still open in the database (the person has not been checked out) …
		expect(c.onDuty.map((d) => [d.personName, d.shiftKey, d.carriedOverTo]).sort()).toEqual([
			['Nguyễn Văn Dân', '2026-11-22#1', null],
			['Đại úy Lê Văn Công', '2026-11-22#1', null]
		]);
		// The person cannot check in anew while it is open; the refusal says why.
		await expect(s.checkpoints.checkIn(kimMa, 'kim-ma-2', { personName: 'Đại úy Lê Văn Công', personKey: 'CA200001', force: 'police' })).rejects.toSatisfy(
			(e: unknown) => e instanceof ValidationError && e.errors[0]!.code === 'already_on_duty' && e.errors[0]!.message.includes('chưa kết thúc ca trước')
		);
		// … but no longer present: the new shift has no one, and no police.
		expect(splitDuty(c.onDuty, now).present).toEqual([]);
		expect(checkpointStaffing(c, now)).toMatchObject({ present: 0, notEnded: 2, noPolice: true });
		expect(computeAlerts(await s.live.snapshot(kimMa), now).find((a) => a.id === 'staffing:kim-ma-1')?.severity).toBe('critical');
	});

	it('the next shift\'s leader carries one over (counts in the new shift) and closes the other at the shift\'s end, both audited', async () => {
		const c = await one('kim-ma-1');
		const police = c.onDuty.find((d) => d.force === 'police')!;
		const civil = c.onDuty.find((d) => d.force === 'civil_defence')!;
		const before = await counts();

		const carried = await s.checkpoints.carryOver(kimMa, 'kim-ma-1', { dutyId: police.id }, 'tablet-km-carry-0001');
		expect(carried.onDuty.find((d) => d.id === police.id)?.carriedOverTo).toBe('2026-11-22#2');
		expect(checkpointStaffing(carried, now)).toMatchObject({ present: 1, notEnded: 1, noPolice: false });

		const closed = await s.checkpoints.closeShift(kimMa, 'kim-ma-1', { dutyId: civil.id }, 'tablet-km-close-0001');
		expect(closed.onDuty.map((d) => d.id)).toEqual([police.id]);
		const [row] = await t.database.db.select().from(dutyRecords).where(eq(dutyRecords.id, civil.id));
		// Checked out at the end of its shift (14:00), not when it was closed (14:30).
		expect(row!.checkedOutAt).toEqual(hanoi('2026-11-22T14:00:00'));
		expect(row!.checkedOutEnteredAt).toEqual(now);

		const audit = await t.database.db.select().from(auditLog).where(and(eq(auditLog.entity, 'checkpoint'), sql`${auditLog.action} in ('checkpoint.carry_over', 'checkpoint.close_shift')`)).orderBy(auditLog.id);
		expect(audit.map((a) => [a.action, a.entityId, a.wardCode, a.actorName])).toEqual([
			['checkpoint.carry_over', `kim-ma-1/${police.id}`, 'kim-ma', 'Chỉ huy Kim Mã'],
			['checkpoint.close_shift', `kim-ma-1/${civil.id}`, 'kim-ma', 'Chỉ huy Kim Mã']
		]);
		expect(audit[0]!.before).toMatchObject({ personName: 'Đại úy Lê Văn Công', shiftKey: '2026-11-22#1', carriedOverTo: null });
		expect(audit[0]!.after).toMatchObject({ carriedOverTo: '2026-11-22#2' });
		expect(audit[1]!.before).toMatchObject({ personName: 'Nguyễn Văn Dân', shiftKey: '2026-11-22#1', checkedOutAt: null });
		expect(audit[1]!.after).toMatchObject({ closedAtShiftEnd: '2026-11-22#1', checkedOutAt: '2026-11-22T07:00:00.000Z' });
		const after = await counts();
		expect([after.duty, after.audit - before.audit, after.events - before.events]).toEqual([before.duty, 2, 2]);

		// A retry with the same key counts once: no second audit entry, no second event.
		await s.checkpoints.carryOver(kimMa, 'kim-ma-1', { dutyId: police.id }, 'tablet-km-carry-0001');
		await s.checkpoints.closeShift(kimMa, 'kim-ma-1', { dutyId: civil.id }, 'tablet-km-close-0001');
		const again = await counts();
		expect([again.audit, again.events]).toEqual([after.audit, after.events]);
		expect(again.rows).toEqual(after.rows);
	});

	it('refusals change nothing: a running shift\'s check-in, one already ended, another ward, bad input', async () => {
		const c = await one('kim-ma-1');
		const police = c.onDuty.find((d) => d.force === 'police')!; // carried over into the running shift
		const fresh = (await s.checkpoints.checkIn(kimMa, 'kim-ma-2', { personName: 'Trần Thị Cựu', personKey: 'CCB300001', force: 'veterans' })).onDuty.find((d) => d.personName === 'Trần Thị Cựu')!;
		const [closedRow] = await t.database.db.select().from(dutyRecords).where(sql`${dutyRecords.checkedOutAt} is not null`);
		const before = await counts();

		for (const [code, id] of [
			['kim-ma-1', police.id],
			['kim-ma-2', fresh.id]
		] as const) {
			await expect(s.checkpoints.closeShift(kimMa, code, { dutyId: id })).rejects.toSatisfy(refusedBy('shift_not_ended'));
			await expect(s.checkpoints.carryOver(kimMa, code, { dutyId: id })).rejects.toSatisfy(refusedBy('shift_not_ended'));
		}
		await expect(s.checkpoints.closeShift(kimMa, 'kim-ma-1', { dutyId: police.id })).rejects.toSatisfy(
			(e: unknown) => e instanceof RuleRefusedError && e.status === 409 && e.errors[0]!.field === 'dutyId' && e.errors[0]!.message.includes('Ca 2 ngày 22/11/2026')
		);
		await expect(s.checkpoints.closeShift(kimMa, 'kim-ma-1', { dutyId: closedRow!.id })).rejects.toSatisfy(refusedBy('already_checked_out'));
		await expect(s.checkpoints.carryOver(kimMa, 'kim-ma-1', { dutyId: closedRow!.id })).rejects.toSatisfy(refusedBy('already_checked_out'));
		// Another checkpoint's check-in, through this checkpoint: not found here.
		await expect(s.checkpoints.carryOver(kimMa, 'kim-ma-1', { dutyId: fresh.id })).rejects.toSatisfy(refusedBy('already_checked_out'));
		await expect(s.checkpoints.closeShift(doiCan, 'kim-ma-1', { dutyId: police.id })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(s.checkpoints.carryOver(kimMa, 'kim-ma-1', { dutyId: 'abc' })).rejects.toSatisfy((e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'dutyId');
		await expect(s.checkpoints.closeShift(kimMa, 'kim-ma-1', { dutyId: police.id, zzz: 1 })).rejects.toSatisfy(refusedBy('unknown_field'));
		expect(await counts()).toEqual(before);
	});

	it('a check-in carried over is not ended again after that shift; closed then, at that shift\'s end', async () => {
		now = hanoi('2026-11-22T23:00:00'); // shift 3
		const c = await one('kim-ma-1');
		expect(checkpointStaffing(c, now)).toMatchObject({ present: 0, notEnded: 1, noPolice: true });
		const police = c.onDuty[0]!;
		await s.checkpoints.closeShift(kimMa, 'kim-ma-1', { dutyId: police.id });
		const [row] = await t.database.db.select().from(dutyRecords).where(eq(dutyRecords.id, police.id));
		expect(row!.checkedOutAt).toEqual(hanoi('2026-11-22T22:00:00'));
		// The person is free to check in again, for the running shift.
		const back = await s.checkpoints.checkIn(kimMa, 'kim-ma-1', { personName: 'Đại úy Lê Văn Công', personKey: 'CA200001', force: 'police' });
		expect(checkpointStaffing(back, now)).toMatchObject({ present: 1, noPolice: false });
	});

	it('the situation report counts the shift running at its time', async () => {
		// As of 15:00 (shift 2): the carried-over officer counted, the closed civil defence not there.
		const at15 = await s.checkpoints.list(kimMa, 'kim-ma', undefined, hanoi('2026-11-22T15:00:00'));
		const k = at15.find((x) => x.code === 'kim-ma-1')!;
		expect(k.onDuty.map((d) => d.personName)).toEqual(['Đại úy Lê Văn Công']);
		expect(checkpointStaffing(k, hanoi('2026-11-22T15:00:00'))).toMatchObject({ present: 1, noPolice: false });
	});
});
