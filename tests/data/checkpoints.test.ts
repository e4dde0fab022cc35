/** Checkpoint staffing on a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { auditLog, dutyRecords } from '../../src/lib/server/db/schema.ts';
import { ForbiddenError, ValidationError } from '../../src/lib/server/errors.ts';
import type { Principal } from '../../src/lib/domain/access.ts';
import { createServices, type Services } from '../../src/lib/server/services/index.ts';
import { createLocalBus } from '../../src/lib/server/realtime/bus.ts';
import { readCompanionFile, readDistrictDefinition } from '../../server/core.ts';
import { checkpointsFile } from '../../src/lib/contracts/checkpoints.ts';
import { isControlled } from '../../src/lib/domain/checkpoint.ts';
import { BA_DINH, DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../fixtures/db.ts';

const kimMa: Principal = { kind: 'user', id: 'km', username: 'km', name: 'Chỉ huy Kim Mã', role: 'ward_commander', wardCode: 'kim-ma' };
const district: Principal = { kind: 'user', id: 'd', username: 'd', name: 'Chỉ huy quận', role: 'district_commander', wardCode: null };

describe.each(DATABASE_KINDS)('checkpoints on %s', (kind) => {
	let t: TestDatabase;
	let s: Services;
	beforeAll(async () => {
		t = await openTestDatabase(kind);
		s = await createServices({
			database: t.database,
			bus: createLocalBus(),
			definition: await readDistrictDefinition(BA_DINH),
			data: { checkpoints: await readCompanionFile(BA_DINH, 'checkpoints', checkpointsFile) },
			clock: () => new Date('2026-11-22T03:00:00.000Z') // 10:00 Hanoi: shift 1
		});
	});
	afterAll(async () => {
		await t?.dispose();
	});
	const counts = async () => ({
		duty: (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(dutyRecords))[0]!.n,
		audit: (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(auditLog))[0]!.n
	});

	it('loads the checkpoints of every ward, each with a lead unit; every control checkpoint requires police', async () => {
		const all = await s.checkpoints.list(district);
		expect(all.length).toBe(28);
		expect(all.every((c) => c.leadUnit.startsWith('Công an phường'))).toBe(true);
		expect(all.filter((c) => isControlled(c.kind)).every((c) => (c.required.police ?? 0) >= 1)).toBe(true);
		expect(all.some((c) => c.kind === 'community')).toBe(true);
		expect((await s.checkpoints.list(kimMa)).map((c) => c.wardCode)).toEqual(['kim-ma', 'kim-ma']);
	});

	it('checks people in and out for the current shift', async () => {
		const c = await s.checkpoints.checkIn(kimMa, 'kim-ma-1', { personName: 'Đại úy Trần Văn Hùng', personKey: 'ca123456', force: 'police' });
		expect(c.onDuty).toEqual([expect.objectContaining({ personName: 'Đại úy Trần Văn Hùng', force: 'police', shiftKey: '2026-11-22#1' })]);
		const out = await s.checkpoints.checkOut(kimMa, 'kim-ma-1', { dutyId: c.onDuty[0]!.id });
		expect(out.onDuty).toEqual([]);
		await expect(s.checkpoints.checkOut(kimMa, 'kim-ma-1', { dutyId: c.onDuty[0]!.id })).rejects.toSatisfy(
			(e: unknown) => e instanceof ValidationError && e.errors[0]?.code === 'already_checked_out'
		);
	});

	it('the same person cannot be on duty at two checkpoints; the refusal names where, and saves nothing', async () => {
		await s.checkpoints.checkIn(kimMa, 'kim-ma-1', { personName: 'Nguyễn Văn Bình', personKey: '001090012345', force: 'civil_defence' });
		const before = await counts();
		await expect(
			s.checkpoints.checkIn(district, 'doi-can-1', { personName: 'Nguyễn Văn Bình', personKey: '001090012345', force: 'civil_defence' })
		).rejects.toSatisfy((e: unknown) => e instanceof ValidationError && e.errors[0]?.code === 'already_on_duty' && e.errors[0].message.includes('Chốt Kim Mã'));
		expect(await counts()).toEqual(before);
	});

	it('racing check-ins of one person: exactly one duty record', async () => {
		const results = await Promise.allSettled(
			['kim-ma-1', 'kim-ma-2', 'doi-can-1', 'doi-can-2'].map((code) =>
				s.checkpoints.checkIn(district, code, { personName: 'Lê Thị Mai', personKey: 'TN2021XYZ', force: 'volunteers' })
			)
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const rows = await t.database.db.select().from(dutyRecords).where(sql`${dutyRecords.personKey} = 'TN2021XYZ'`);
		expect(rows).toHaveLength(1);
	});

	it('a ward checks in only at its own checkpoints; bad input is refused; a retried check-in counts once', async () => {
		await expect(s.checkpoints.checkIn(kimMa, 'doi-can-1', { personName: 'X', personKey: 'ABC12345', force: 'police' })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(s.checkpoints.checkIn(kimMa, 'kim-ma-2', { personName: 'X', personKey: '12', force: 'police' })).rejects.toSatisfy(
			(e: unknown) => e instanceof ValidationError && e.errors[0]?.code === 'bad_person_key'
		);
		await expect(s.checkpoints.checkIn(kimMa, 'kim-ma-2', { personName: 'X', personKey: 'ABC12345', force: 'navy' })).rejects.toBeInstanceOf(ValidationError);
		const key = 'tablet-km-cp-000001';
		await s.checkpoints.checkIn(kimMa, 'kim-ma-2', { personName: 'Phạm Văn Cường', personKey: 'DQ778899', force: 'militia' }, key);
		const again = await s.checkpoints.checkIn(kimMa, 'kim-ma-2', { personName: 'Phạm Văn Cường', personKey: 'DQ778899', force: 'militia' }, key);
		expect(again.onDuty.filter((d) => d.personName === 'Phạm Văn Cường')).toHaveLength(1);
	});
});
