/**
 * Zone history (issue 13 §2) on a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is
 * set): each case report that puts a ward in another zone, and each blockade's opening or change of
 * zone, keeps the change with the time it was made — in the same transaction — and the wall's
 * "in this zone since" agrees between a fresh snapshot and one kept current by events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/access.ts';
import type { LiveEvent } from '../../src/lib/contracts/live.ts';
import { applyEvent } from '../../src/lib/domain/feed.ts';
import { zoneDirection } from '../../src/lib/domain/zones.ts';
import { DATABASE_KINDS, createTestServices, openTestDatabase, reportBody, type TestDatabase, type TestServices } from '../fixtures/db.ts';
import { refusal } from '../fixtures/refusal.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { zoneChanges } from '../../src/lib/server/db/schema.ts';
import { MIGRATIONS } from '../fixtures/db.ts';

const commander: Principal = { kind: 'user', id: 'd', username: 'd', name: 'Chỉ huy quận', role: 'district_commander', wardCode: null };
const ngocHa: Principal = { kind: 'user', id: 'nh', username: 'nh', name: 'Chỉ huy Ngọc Hà', role: 'ward_commander', wardCode: 'ngoc-ha' };
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

describe.each(DATABASE_KINDS)('zone history on %s', (kind) => {
	let t: TestDatabase;
	let s: TestServices['services'];
	let published: LiveEvent[];

	beforeAll(async () => {
		t = await openTestDatabase(kind);
		const ts = await createTestServices(t.database);
		s = ts.services;
		published = ts.published;
	});
	afterAll(async () => {
		await t?.dispose();
	});

	it('keeps a ward\'s changes of zone (not its reports in the same zone), at the time each report was made', async () => {
		const start = await s.live.snapshot(commander);
		expect(start.wards.find((w) => w.code === 'kim-ma')!.zoneSince).toBeNull();
		published.length = 0;
		await s.cases.report(commander, 'kim-ma', { ...reportBody({ zone: 'red' }), enteredAt: minutesAgo(300) }, 'api');
		await s.cases.report(commander, 'kim-ma', { ...reportBody({ zone: 'red' }), enteredAt: minutesAgo(200) }, 'api');
		await s.cases.report(commander, 'kim-ma', { ...reportBody({ zone: 'orange' }), enteredAt: minutesAgo(100) }, 'api');
		await s.cases.report(commander, 'kim-ma', { ...reportBody({ zone: 'orange' }), enteredAt: minutesAgo(50) }, 'api');
		const history = await s.zones.history(commander, 'kim-ma');
		expect(history.map((c) => [c.subject, c.from, c.to])).toEqual([
			['ward', null, 'red'],
			['ward', 'red', 'orange']
		]);
		expect(zoneDirection('three', history[1]!.from, history[1]!.to)).toBe('better');
		const fresh = await s.live.snapshot(commander);
		const since = fresh.wards.find((w) => w.code === 'kim-ma')!.zoneSince!;
		expect(since).toBe(history[1]!.at);
		expect(Math.abs(new Date(since).getTime() - (Date.now() - 100 * 60_000))).toBeLessThan(60_000);
		// The wall that applied the four events says the same as a fresh snapshot.
		expect(published.reduce(applyEvent, start).wards).toEqual(fresh.wards);
	});

	it('keeps a blockade\'s zone at its opening and at each change; lists them with the ward\'s', async () => {
		const b = await s.blockades.open(ngocHa, { wardCode: 'ngoc-ha', name: 'Ngõ 5 Hoàng Hoa Thám', zone: 'red', startedAt: minutesAgo(600), people: 40, households: 12 });
		await s.blockades.edit(ngocHa, b.id, { people: 45 });
		await s.blockades.edit(ngocHa, b.id, { zone: 'orange' });
		await s.cases.report(commander, 'ngoc-ha', reportBody({ zone: 'orange' }), 'api');
		const history = await s.zones.history(ngocHa, 'ngoc-ha');
		expect(history.map((c) => [c.subject, c.key === String(b.id) ? 'this blockade' : c.key, c.from, c.to])).toEqual([
			['blockade', 'this blockade', null, 'red'],
			['blockade', 'this blockade', 'red', 'orange'],
			['ward', 'ngoc-ha', null, 'orange']
		]);
		expect(history[0]!.at).toBe(b.startedAt);
	});

	it('a range starts with the change in force at its beginning; another ward\'s reader is refused; an unknown ward is not found', async () => {
		const all = await s.zones.history(commander, 'kim-ma');
		const from = new Date(new Date(all[1]!.at).getTime() - 1);
		const ranged = await s.zones.history(commander, 'kim-ma', { from });
		expect(ranged.map((c) => c.to)).toEqual(['red', 'orange']);
		expect(await s.zones.history(commander, 'kim-ma', { from: new Date(Date.now() + 60_000) })).toMatchObject([{ to: 'orange' }]);
		expect((await refusal(s.zones.history(ngocHa, 'kim-ma'))).name).toBe('ForbiddenError');
		expect((await refusal(s.zones.history(commander, 'khong-co'))).name).toBe('NotFoundError');
	});

	it('a refused report keeps no zone change', async () => {
		const before = (await s.zones.history(commander, 'kim-ma')).length;
		await refusal(s.cases.report(commander, 'kim-ma', reportBody({ zone: 'red', positives: 99_999, samplesTested: 1 }), 'api'));
		expect((await s.zones.history(commander, 'kim-ma')).length).toBe(before);
	});

	it('the migration that back-fills an older database\'s history from its reports writes what the reports themselves now write', async () => {
		const rows = async () => (await t.database.db.select().from(zoneChanges).orderBy(zoneChanges.id)).filter((r) => r.subject === 'ward').map((r) => [r.subjectKey, r.fromZone, r.toZone, r.at.toISOString()]);
		const written = await rows();
		expect(written.length).toBeGreaterThan(2);
		await t.database.db.delete(zoneChanges).where(sql`${zoneChanges.subject} = 'ward'`);
		await t.database.db.execute(sql.raw(readFileSync(path.join(MIGRATIONS, '0016_backfill_zone_changes.sql'), 'utf8')));
		expect(await rows()).toEqual(written);
	});
});
