import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { wards } from '../../src/lib/server/db/schema.ts';
import { loadDistrict, syncDistrict } from '../../src/lib/server/services/district.ts';
import { districtDefinition } from '../../src/lib/contracts/district.ts';
import { DATABASE_KINDS, openTestDatabase, reportBody, type TestDatabase } from '../fixtures/db.ts';
import { createServices } from '../../src/lib/server/services/index.ts';
import { createLocalBus } from '../../src/lib/server/realtime/bus.ts';
import { computeAlerts } from '../../src/lib/presentation/alerts.ts';
import { wardFigures } from '../../src/lib/domain/cases.ts';
import { scheduleOf } from '../../src/lib/domain/overdue.ts';
import type { Principal } from '../../src/lib/domain/access.ts';

const commander: Principal = { kind: 'user', id: 'd', username: 'd', name: 'Chỉ huy quận', role: 'district_commander', wardCode: null };
const hanoi = (local: string) => new Date(`${local}+07:00`);

const def = (wardNames: Array<[string, string]>) =>
	districtDefinition.parse({ code: 'test', name: 'Quận Thử', wards: wardNames.map(([code, name]) => ({ code, name })) });

describe.each(DATABASE_KINDS)('syncDistrict on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await openTestDatabase(kind);
	});
	afterAll(async () => {
		await t?.dispose();
	});

	it('loads wards in file order, renames on a later start, and keeps (hides) removed wards', async () => {
		await syncDistrict(t.database.db, def([['a', 'Phường A'], ['b', 'Phường B'], ['c', 'Phường C']]));
		expect((await loadDistrict(t.database.db)).wards.map((w) => w.code)).toEqual(['a', 'b', 'c']);

		await syncDistrict(t.database.db, def([['c', 'Phường C mới'], ['a', 'Phường A']]));
		const d = await loadDistrict(t.database.db);
		expect(d.wards.map((w) => [w.code, w.name])).toEqual([
			['c', 'Phường C mới'],
			['a', 'Phường A']
		]);
		expect(d.ward('b')).toBeUndefined();
		const [b] = await t.database.db.select().from(wards).where(eq(wards.code, 'b'));
		expect(b?.active).toBe(false);
	});

	it('is idempotent', async () => {
		const d = def([['a', 'Phường A']]);
		await syncDistrict(t.database.db, d);
		await syncDistrict(t.database.db, d);
		expect((await loadDistrict(t.database.db)).wards).toHaveLength(1);
	});

	it('the report grace reaches every reader from the file; an old file\'s interval is stored but decides nothing', async () => {
		// A district file from before issue 11 §7: a one-hour interval district-wide and for one ward.
		const definition = districtDefinition.parse({
			code: 'test',
			name: 'Quận Thử',
			reportingIntervalMinutes: 60,
			reportGraceMinutes: 45,
			wards: [{ code: 'a', name: 'Phường A', reportingIntervalMinutes: 60 }, { code: 'b', name: 'Phường B' }]
		});
		let now = hanoi('2021-08-01T18:00:00');
		const s = await createServices({ database: t.database, bus: createLocalBus(), definition, clock: () => now });
		const [row] = await t.database.db.select().from(wards).where(eq(wards.code, 'a'));
		expect(row?.reportingIntervalMinutes).toBe(60);
		await s.cases.report(commander, 'a', reportBody(), 'api');
		await s.cases.report(commander, 'b', reportBody(), 'api');

		const snap = await s.live.snapshot(commander);
		expect(snap.district).toMatchObject({ reportSlots: ['06:00', '12:00', '18:00'], reportGraceMinutes: 45 });
		expect(snap.wards.every((w) => !('reportingIntervalMinutes' in w))).toBe(true);
		const overdueAt = (local: string) => computeAlerts(snap, hanoi(local)).filter((a) => a.kind === 'report_overdue').map((a) => a.wardCode);
		// Reported at 18:00: quiet all night (the old interval would have flagged it at 19:00), overdue at 06:45.
		expect(overdueAt('2021-08-02T00:30:00')).toEqual([]);
		expect(overdueAt('2021-08-02T06:44:00')).toEqual([]);
		expect(overdueAt('2021-08-02T06:45:00').sort()).toEqual(['a', 'b']);
		// The tile says the same as the alert strip.
		const tile = (local: string) => wardFigures(snap.wards[0]!.latest, scheduleOf(snap.district), hanoi(local)).overdue;
		expect([tile('2021-08-02T06:44:00'), tile('2021-08-02T06:45:00')]).toEqual([false, true]);
		now = hanoi('2021-08-02T06:50:00');
		await s.cases.report(commander, 'a', reportBody(), 'api');
		expect(computeAlerts(await s.live.snapshot(commander), now).filter((a) => a.kind === 'report_overdue').map((a) => a.wardCode)).toEqual(['b']);
	});
});
