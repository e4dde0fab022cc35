/** Quarantine beds on a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set). */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { auditLog, events, quarantineFacilities, quarantineMovements } from '../../src/lib/server/db/schema.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../src/lib/server/errors.ts';
import type { Principal } from '../../src/lib/domain/access.ts';
import { createServices, type Services } from '../../src/lib/server/services/index.ts';
import { createLocalBus } from '../../src/lib/server/realtime/bus.ts';
import type { LiveEvent } from '../../src/lib/contracts/live.ts';
import { readCompanionFile, readDistrictDefinition } from '../../server/core.ts';
import { facilitiesFile } from '../../src/lib/contracts/quarantine.ts';
import { BA_DINH, DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../fixtures/db.ts';

const district: Principal = { kind: 'user', id: 'd', username: 'd', name: 'Chỉ huy quận', role: 'district_commander', wardCode: null };
const lieuGiai: Principal = { kind: 'user', id: 'lg', username: 'lg', name: 'Chỉ huy Liễu Giai', role: 'ward_commander', wardCode: 'lieu-giai' };
const kimMa: Principal = { kind: 'user', id: 'km', username: 'km', name: 'Chỉ huy Kim Mã', role: 'ward_commander', wardCode: 'kim-ma' };

describe.each(DATABASE_KINDS)('quarantine beds on %s', (kind) => {
	let t: TestDatabase;
	let s: Services;
	const published: LiveEvent[] = [];

	beforeAll(async () => {
		t = await openTestDatabase(kind);
		const bus = createLocalBus();
		bus.subscribe((e) => published.push(e));
		s = await createServices({
			database: t.database,
			bus,
			definition: await readDistrictDefinition(BA_DINH),
			data: { quarantine: await readCompanionFile(BA_DINH, 'quarantine', facilitiesFile) }
		});
	});
	afterAll(async () => {
		await t?.dispose();
	});
	beforeEach(async () => {
		// Quần Ngựa back to 250 beds, 240 people, operating.
		await t.database.db.update(quarantineFacilities).set({ capacity: 250, occupied: 240, status: 'operating' }).where(eq(quarantineFacilities.code, 'quan-ngua'));
		published.length = 0;
	});

	const beds = async () => {
		const [f] = await t.database.db.select().from(quarantineFacilities).where(eq(quarantineFacilities.code, 'quan-ngua'));
		return { capacity: f!.capacity, occupied: f!.occupied };
	};
	const counts = async () => {
		const n = async (table: typeof auditLog | typeof events | typeof quarantineMovements) =>
			(await t.database.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
		return { audit: await n(auditLog), events: await n(events), movements: await n(quarantineMovements) };
	};

	it('loads the real facilities of the district file, once (a restart does not reset figures)', async () => {
		const all = await s.quarantine.list(district);
		expect(all.map((f) => f.name)).toContain('Cung thể thao Quần Ngựa');
		expect(all.map((f) => f.name)).toContain('Trường Cao đẳng Y tế Hà Nội');
		await s.quarantine.sync((await readCompanionFile(BA_DINH, 'quarantine', facilitiesFile))!);
		expect(await beds()).toEqual({ capacity: 250, occupied: 240 });
	});

	it('admits, discharges and changes capacity; each is audited, evented and kept in the history', async () => {
		const before = await counts();
		await s.quarantine.move(lieuGiai, 'quan-ngua', { kind: 'admission', amount: 8, note: 'Từ khu phong tỏa ngõ 12' });
		await s.quarantine.move(lieuGiai, 'quan-ngua', { kind: 'discharge', amount: 20 });
		const f = await s.quarantine.move(lieuGiai, 'quan-ngua', { kind: 'capacity', amount: 300 });
		expect(f).toMatchObject({ capacity: 300, occupied: 228 });
		expect(await counts()).toEqual({ audit: before.audit + 3, events: before.events + 3, movements: before.movements + 3 });
		expect(published.map((e) => e.type === 'quarantine:changed' && [e.wardCode, e.facility.occupied])).toEqual([
			['lieu-giai', 248],
			['lieu-giai', 228],
			['lieu-giai', 228]
		]);
		const history = await s.quarantine.history(district, 'quan-ngua', 3);
		expect(history.map((m) => [m.kind, m.amount, m.occupiedAfter, m.capacityAfter])).toEqual([
			['capacity', 300, 228, 300],
			['discharge', 20, 228, 250],
			['admission', 8, 248, 250]
		]);
	});

	it('refuses over capacity, below zero and capacity under the people present — and saves nothing', async () => {
		const before = await counts();
		const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof ValidationError ? e.errors.map((x) => x.code) : String(e)));
		expect(await refusal(s.quarantine.move(lieuGiai, 'quan-ngua', { kind: 'admission', amount: 11 }))).toEqual(['over_capacity']);
		expect(await refusal(s.quarantine.move(lieuGiai, 'quan-ngua', { kind: 'discharge', amount: 241 }))).toEqual(['below_zero']);
		expect(await refusal(s.quarantine.move(lieuGiai, 'quan-ngua', { kind: 'capacity', amount: 239 }))).toEqual(['capacity_below_occupied']);
		expect(await refusal(s.quarantine.move(lieuGiai, 'quan-ngua', { kind: 'admission', amount: -1 }))).toEqual(['negative']);
		expect(await refusal(s.quarantine.move(lieuGiai, 'quan-ngua', { kind: 'admission', amount: 1.5 }))).toEqual(['not_integer']);
		expect(await refusal(s.quarantine.move(lieuGiai, 'quan-ngua', { kind: 'admission', amount: 0 }))).toEqual(['invalid']);
		expect(await refusal(s.quarantine.move(lieuGiai, 'quan-ngua', { kind: 'teleport', amount: 1 }))).toEqual(['invalid']);
		expect(await refusal(s.quarantine.move(district, 'ktx-giang-vo', { kind: 'admission', amount: 1 }))).toEqual(['not_receiving']);
		expect(await beds()).toEqual({ capacity: 250, occupied: 240 });
		expect(await counts()).toEqual(before);
		expect(published).toEqual([]);
	});

	it('racing admissions for the last beds: never above capacity, the rest refused', async () => {
		const results = await Promise.allSettled(
			Array.from({ length: 6 }, () => s.quarantine.move(district, 'quan-ngua', { kind: 'admission', amount: 3 }))
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
		expect(await beds()).toEqual({ capacity: 250, occupied: 249 });
	});

	it('only the facility\'s ward (or the district) writes; district-managed facilities need the district', async () => {
		await expect(s.quarantine.move(kimMa, 'quan-ngua', { kind: 'admission', amount: 1 })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(s.quarantine.move(lieuGiai, 'cd-y-te-ha-noi', { kind: 'admission', amount: 1 })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(s.quarantine.move(district, 'khong-co', { kind: 'admission', amount: 1 })).rejects.toBeInstanceOf(NotFoundError);
		expect((await s.quarantine.list(kimMa)).map((f) => f.code)).toEqual([]);
		expect((await s.quarantine.list(lieuGiai)).map((f) => f.code)).toEqual(['quan-ngua']);
	});

	it('a retried entry with the same key is counted once', async () => {
		await s.quarantine.move(lieuGiai, 'quan-ngua', { kind: 'admission', amount: 2 }, 'tablet-lg-quarantine-01');
		await s.quarantine.move(lieuGiai, 'quan-ngua', { kind: 'admission', amount: 2 }, 'tablet-lg-quarantine-01');
		expect(await beds()).toEqual({ capacity: 250, occupied: 242 });
	});

	it('status changes are recorded; the database itself refuses occupancy above capacity', async () => {
		const f = await s.quarantine.setStatus(district, 'tc-kinh-te-ha-noi', { status: 'operating' });
		expect(f.status).toBe('operating');
		await expect(s.quarantine.setStatus(district, 'tc-kinh-te-ha-noi', { status: 'closed' })).rejects.toBeInstanceOf(ValidationError);
		await expect(
			t.database.db.update(quarantineFacilities).set({ occupied: 999 }).where(eq(quarantineFacilities.code, 'quan-ngua'))
		).rejects.toThrow();
	});

	it('the live snapshot carries the facilities the reader may see', async () => {
		expect((await s.live.snapshot(district)).facilities.length).toBe(4);
		expect((await s.live.snapshot(lieuGiai)).facilities.map((f) => f.code)).toEqual(['quan-ngua']);
	});
});
