/**
 * The wards' zone strips on /reports/history (issue 13 §2) on a real database (PGlite, and
 * PostgreSQL when TEST_DATABASE_URL is set): one read gives every active ward, in ward order, the
 * change in force at the range start (and no older one), the changes inside the range, nothing
 * from its end on and none of the blockades' changes. Reports are made at chosen times through a
 * clock the test sets, as a ward's reports came in over those weeks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/access.ts';
import { zoneSegments } from '../../src/lib/domain/zones.ts';
import { createLocalBus } from '../../src/lib/server/realtime/bus.ts';
import { createServices, type Services } from '../../src/lib/server/services/index.ts';
import { readDistrictDefinition } from '../../server/core.ts';
import { BA_DINH, DATABASE_KINDS, openTestDatabase, reportBody, type TestDatabase } from '../fixtures/db.ts';
import { refusal } from '../fixtures/refusal.ts';

const commander: Principal = { kind: 'user', id: 'd', username: 'd', name: 'Chỉ huy quận', role: 'district_commander', wardCode: null };
const ngocHa: Principal = { kind: 'user', id: 'nh', username: 'nh', name: 'Chỉ huy Ngọc Hà', role: 'ward_commander', wardCode: 'ngoc-ha' };
const viewer: Principal = { kind: 'user', id: 'v', username: 'v', name: 'Theo dõi', role: 'viewer', wardCode: null };

/** A local (Asia/Ho_Chi_Minh) time as an instant. */
const local = (t: string) => new Date(`${t}+07:00`);
/** 28/08 00:00 → 04/09 00:00: the days 28/08 to 03/09, as the page asks for them. */
const range = { from: local('2021-08-28T00:00:00'), to: local('2021-09-04T00:00:00') };

describe.each(DATABASE_KINDS)('the wards\' zone strips on %s', (kind) => {
	let t: TestDatabase;
	let s: Services;
	let now = new Date();

	/** A case report of `ward` in `zone`, made at the local time `at`. */
	const report = async (ward: string, zone: string, at: string) => {
		now = local(at);
		await s.cases.report(commander, ward, reportBody({ zone }), 'api');
	};

	beforeAll(async () => {
		t = await openTestDatabase(kind);
		s = await createServices({ database: t.database, bus: createLocalBus(), definition: await readDistrictDefinition(BA_DINH), clock: () => now });
		// Kim Mã: two zones before the range (only the later is in force at its start), one change
		// inside, one after its end.
		await report('kim-ma', 'red', '2021-08-20T09:00:00');
		await report('kim-ma', 'orange', '2021-08-25T09:00:00');
		await report('kim-ma', 'orange', '2021-08-27T09:00:00');
		await report('kim-ma', 'green', '2021-08-30T14:00:00');
		await report('kim-ma', 'red', '2021-09-05T08:00:00');
		// Ngọc Hà: first known inside the range, then three changes in one day.
		await report('ngoc-ha', 'red', '2021-08-29T08:00:00');
		await report('ngoc-ha', 'orange', '2021-08-31T06:00:00');
		await report('ngoc-ha', 'green', '2021-08-31T12:00:00');
		await report('ngoc-ha', 'orange', '2021-08-31T18:00:00');
		// Giảng Võ: a change at the very instant the range starts.
		await report('giang-vo', 'red', '2021-08-27T10:00:00');
		await report('giang-vo', 'orange', '2021-08-28T00:00:00');
		// A blockade in Kim Mã changes zone inside the range: the ward's strip does not show it.
		now = local('2021-08-29T10:00:00');
		const b = await s.blockades.open(commander, { wardCode: 'kim-ma', name: 'Ngõ 12 Đào Tấn', zone: 'red', startedAt: now.toISOString(), people: 40, households: 12 });
		now = local('2021-08-31T10:00:00');
		await s.blockades.edit(commander, b.id, { zone: 'orange' });
	});
	afterAll(async () => {
		await t?.dispose();
	});

	it('gives every active ward in ward order, each with the change in force at the start and the changes inside the range', async () => {
		const byWard = await s.zones.wardsBetween(commander, range);
		expect([...byWard.keys()]).toEqual(s.district.wards.map((w) => w.code));
		const of = (code: string) => byWard.get(code)!.map((c) => [c.subject, c.from, c.to, c.at]);
		expect(of('kim-ma')).toEqual([
			['ward', 'red', 'orange', local('2021-08-25T09:00:00').toISOString()],
			['ward', 'orange', 'green', local('2021-08-30T14:00:00').toISOString()]
		]);
		expect(of('ngoc-ha')).toEqual([
			['ward', null, 'red', local('2021-08-29T08:00:00').toISOString()],
			['ward', 'red', 'orange', local('2021-08-31T06:00:00').toISOString()],
			['ward', 'orange', 'green', local('2021-08-31T12:00:00').toISOString()],
			['ward', 'green', 'orange', local('2021-08-31T18:00:00').toISOString()]
		]);
		// The change before the start, then the one at the start itself (inside the range).
		expect(of('giang-vo')).toEqual([
			['ward', null, 'red', local('2021-08-27T10:00:00').toISOString()],
			['ward', 'red', 'orange', range.from.toISOString()]
		]);
		expect(of('truc-bach')).toEqual([]);
	});

	it('makes the strips: in force at the start, grey before the first zone known, nothing after the end', async () => {
		const byWard = await s.zones.wardsBetween(viewer, range);
		const strip = (code: string) => zoneSegments(byWard.get(code)!, range).map((x) => x.zone);
		expect(strip('kim-ma')).toEqual(['orange', 'green']);
		expect(strip('ngoc-ha')).toEqual([null, 'red', 'orange', 'green', 'orange']);
		expect(strip('giang-vo')).toEqual(['orange']);
		expect(strip('truc-bach')).toEqual([null]);
	});

	it('a range after every change is the last zone alone; an empty range reads nothing', async () => {
		const later = { from: local('2021-09-10T00:00:00'), to: local('2021-09-11T00:00:00') };
		const byWard = await s.zones.wardsBetween(commander, later);
		expect(byWard.get('kim-ma')!.map((c) => c.to)).toEqual(['red']);
		expect(byWard.get('ngoc-ha')!.map((c) => c.to)).toEqual(['orange']);
		const empty = await s.zones.wardsBetween(commander, { from: range.to, to: range.to });
		expect([...empty.values()].every((l) => l.length === 0)).toBe(true);
	});

	it('is refused to a ward\'s account, which sees its own ward only', async () => {
		expect((await refusal(s.zones.wardsBetween(ngocHa, range))).name).toBe('ForbiddenError');
	});
});
