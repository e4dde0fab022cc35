import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { wards } from '../../src/lib/server/db/schema.ts';
import { loadDistrict, syncDistrict } from '../../src/lib/server/services/district.ts';
import { districtDefinition } from '../../src/lib/contracts/district.ts';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../fixtures/db.ts';

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
});
