/**
 * Case reports on a real database — PGlite always, PostgreSQL when TEST_DATABASE_URL is set.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { caseReports, events } from '../../src/lib/server/db/schema.ts';
import { ForbiddenError, NotFoundError, IdempotencyKeyReusedError, ValidationError } from '../../src/lib/server/errors.ts';
import type { Principal } from '../../src/lib/domain/access.ts';
import { auditLog } from '../../src/lib/server/db/schema.ts';
import { appendEvent, eventsSince } from '../../src/lib/server/services/outbox.ts';
import {
	DATABASE_KINDS,
	HA_DONG,
	MIGRATIONS,
	createTestServices,
	openTestDatabase,
	reportBody,
	type TestDatabase,
	type TestServices
} from '../fixtures/db.ts';

const commander: Principal = { kind: 'user', id: 'u-dc', username: 'hoa', name: 'Trần Thị Hoa', role: 'district_commander', wardCode: null };
const kimMaCommander: Principal = { kind: 'user', id: 'u-km', username: 'nam', name: 'Lê Văn Nam', role: 'ward_commander', wardCode: 'kim-ma' };
const viewer: Principal = { kind: 'user', id: 'u-v', username: 'xem', name: 'Người xem', role: 'viewer', wardCode: null };
const lab: Principal = { kind: 'api', id: 't-lab', name: 'Phòng xét nghiệm', access: 'write', wards: ['kim-ma'] };
const person = commander;

describe.each(DATABASE_KINDS)('case reports on %s', (kind) => {
	let t: TestDatabase;
	let s: TestServices;

	beforeAll(async () => {
		t = await openTestDatabase(kind);
		s = await createTestServices(t.database);
	});
	afterAll(async () => {
		await t?.dispose();
	});
	beforeEach(async () => {
		await t.database.db.execute(sql`truncate case_reports, events, audit_log restart identity`);
		s.published.length = 0;
	});

	async function counts() {
		const [r] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(caseReports);
		const [e] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(events);
		return { reports: r?.n, events: e?.n };
	}

	it('saves a report with who sent it and when, writes one outbox event and publishes it after commit', async () => {
		const saved = await s.services.cases.report(person, 'kim-ma', reportBody({ note: 'Phong tỏa ngõ 12' }), 'form');
		expect(saved).toMatchObject({ wardCode: 'kim-ma', f0Active: 41, zone: 'orange', note: 'Phong tỏa ngõ 12', reportedBy: 'Trần Thị Hoa' });
		expect(Date.now() - Date.parse(saved.reportedAt)).toBeLessThan(60_000);
		expect(await counts()).toEqual({ reports: 1, events: 1 });
		expect(s.published).toHaveLength(1);
		expect(s.published[0]).toMatchObject({ type: 'cases:reported', seq: 1, wardPrevSeq: null, wardCode: 'kim-ma', report: { id: saved.id } });
	});

	it('a new report never overwrites history; the latest is what the wall shows', async () => {
		await s.services.cases.report(person, 'kim-ma', reportBody({ f0Active: 10 }), 'form');
		await s.services.cases.report(person, 'kim-ma', reportBody({ f0Active: 20 }), 'api');
		await s.services.cases.report(person, 'ngoc-ha', reportBody({ f0Active: 5 }), 'api');
		const history = await s.services.cases.history(person, 'kim-ma', 10);
		expect(history.map((r) => r.f0Active)).toEqual([20, 10]);
		const latest = await s.services.cases.latestByWard();
		expect(latest.get('kim-ma')?.f0Active).toBe(20);
		expect(latest.get('ngoc-ha')?.f0Active).toBe(5);
		expect(latest.has('phuc-xa')).toBe(false);
	});

	it('refuses an invalid report with field errors and saves nothing: no row, no event, nothing published', async () => {
		await expect(
			s.services.cases.report(person, 'kim-ma', reportBody({ positives: 2000, f2: -1 }), 'form')
		).rejects.toSatisfy((e: unknown) => e instanceof ValidationError && e.errors.map((x) => x.field).join() === 'f2,positives');
		await expect(s.services.cases.report(person, 'kim-ma', reportBody({ positives: 2000 }), 'form')).rejects.toSatisfy(
			(e: unknown) => e instanceof ValidationError && e.errors[0]?.code === 'positives_exceed_samples'
		);
		expect(await counts()).toEqual({ reports: 0, events: 0 });
		expect(s.published).toHaveLength(0);
	});

	it('refuses a report for a ward the actor may not write, and saves nothing (no row, event or audit entry)', async () => {
		await expect(s.services.cases.report(kimMaCommander, 'ngoc-ha', reportBody(), 'form')).rejects.toBeInstanceOf(ForbiddenError);
		await expect(s.services.cases.report(viewer, 'kim-ma', reportBody(), 'form')).rejects.toBeInstanceOf(ForbiddenError);
		await expect(s.services.cases.report(lab, 'ngoc-ha', reportBody(), 'api')).rejects.toBeInstanceOf(ForbiddenError);
		expect(await counts()).toEqual({ reports: 0, events: 0 });
		expect(await t.database.db.select().from(auditLog)).toEqual([]);
		await expect(s.services.cases.history(kimMaCommander, 'ngoc-ha', 5)).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('records who reported: a person by name, a system with the person it names', async () => {
		const own = await s.services.cases.report(kimMaCommander, 'kim-ma', reportBody({ reporter: 'ignored for people' }), 'form');
		expect(own.reportedBy).toBe('Lê Văn Nam');
		const pushed = await s.services.cases.report(lab, 'kim-ma', reportBody({ reporter: 'KTV Hà' }), 'api');
		expect(pushed.reportedBy).toBe('KTV Hà (Phòng xét nghiệm)');
	});

	it('writes the audit entry in the same transaction as the report', async () => {
		const r = await s.services.cases.report(kimMaCommander, 'kim-ma', reportBody({ f0Active: 12 }), 'form');
		const entries = await t.database.db.select().from(auditLog);
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({ actorKind: 'user', actorId: 'u-km', actorName: 'Lê Văn Nam', action: 'case_report.create', entity: 'case_report', entityId: String(r.id), wardCode: 'kim-ma' });
		expect((entries[0]?.after as { f0Active: number }).f0Active).toBe(12);
	});

	it('a ward-limited reader gets only its ward, with per-ward gap detection links', async () => {
		await s.services.cases.report(person, 'kim-ma', reportBody({ f0Active: 1 }), 'api');
		await s.services.cases.report(person, 'ngoc-ha', reportBody({ f0Active: 2 }), 'api');
		await s.services.cases.report(person, 'kim-ma', reportBody({ f0Active: 3 }), 'api');
		const snap = await s.services.live.snapshot(kimMaCommander);
		expect(snap.scope).toEqual({ ward: 'kim-ma' });
		expect(snap.wards.map((w) => w.code)).toEqual(['kim-ma']);
		const r = await s.services.live.resume(kimMaCommander, 0);
		if (r.mode !== 'events') throw new Error('expected events');
		expect(r.events.map((e) => [e.seq, e.wardPrevSeq])).toEqual([
			[1, null],
			[3, 1]
		]);
	});

	it('refuses an unknown ward and saves nothing', async () => {
		await expect(s.services.cases.report(person, 'no-such-ward', reportBody(), 'api')).rejects.toBeInstanceOf(NotFoundError);
		expect(await counts()).toEqual({ reports: 0, events: 0 });
	});

	it('the database itself refuses what the schema refuses (defence in depth)', async () => {
		await expect(
			t.database.db.insert(caseReports).values({
				...(reportBody() as Record<string, number>),
				samplesTested: 1,
				positives: 2,
				zone: 'red',
				wardCode: 'kim-ma',
				reportedBy: 'x',
				source: 'system'
			} as typeof caseReports.$inferInsert)
		).rejects.toThrow();
	});

	it('a change and its event commit together or not at all', async () => {
		await expect(
			t.database.db.transaction(async (tx) => {
				await appendEvent(tx, { type: 'cases:reported', wardCode: 'kim-ma', report: {} as never });
				throw new Error('boom after the event was written');
			})
		).rejects.toThrow('boom');
		expect(await counts()).toEqual({ reports: 0, events: 0 });
	});

	it('concurrent reports get distinct, gap-free seqs in commit order', async () => {
		await Promise.all(
			Array.from({ length: 12 }, (_, i) =>
				s.services.cases.report(person, i % 2 ? 'kim-ma' : 'giang-vo', reportBody({ f0Active: i }), 'api')
			)
		);
		const seqs = s.published.map((e) => e.seq).sort((a, b) => a - b);
		expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
		const replay = await eventsSince(t.database.db, 0, 100);
		expect(replay?.map((e) => e.seq)).toEqual(seqs);
	});

	it('snapshot and resume: events since a seq, [] when current, a snapshot when unknown or too far', async () => {
		const before = await s.services.live.snapshot(person);
		expect(before.seq).toBe(0);
		expect(before.wards).toHaveLength(14);
		expect(before.wards.every((w) => w.latest === null)).toBe(true);

		await s.services.cases.report(person, 'kim-ma', reportBody({ f0Active: 1 }), 'api');
		await s.services.cases.report(person, 'kim-ma', reportBody({ f0Active: 2 }), 'api');

		const snap = await s.services.live.snapshot(person);
		expect(snap.seq).toBe(2);
		expect(snap.wards.find((w) => w.code === 'kim-ma')?.latest?.f0Active).toBe(2);

		const r1 = await s.services.live.resume(person, 1);
		expect(r1.mode === 'events' && r1.events.map((e) => e.seq)).toEqual([2]);
		const r2 = await s.services.live.resume(person, 2);
		expect(r2).toEqual({ mode: 'events', events: [], seq: 2 });
		// A client ahead of the server (database reset) gets a snapshot, as does a fresh client.
		expect((await s.services.live.resume(person, 99)).mode).toBe('snapshot');
		expect((await s.services.live.resume(person, null)).mode).toBe('snapshot');
	});

	it('replayed events carry the same content as the live ones', async () => {
		await s.services.cases.report(person, 'kim-ma', reportBody({ note: 'Vùng đỏ ngõ 5' }), 'api');
		const replay = await eventsSince(t.database.db, 0, 10);
		expect(replay).toEqual(s.published);
	});

	it('migrations are idempotent: running them again changes nothing', async () => {
		await t.database.migrate(MIGRATIONS);
		await s.services.cases.report(person, 'kim-ma', reportBody(), 'api');
		expect(await counts()).toEqual({ reports: 1, events: 1 });
	});
});

describe.each(DATABASE_KINDS)('the district is data (%s)', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await openTestDatabase(kind);
	});
	afterAll(async () => {
		await t?.dispose();
	});

	it('a 17-ward district with the four-level scheme works with no code change', async () => {
		const s = await createTestServices(t.database, HA_DONG);
		expect(s.services.district.wards).toHaveLength(17);
		expect(s.services.district.view.zoneLevels).toEqual(['green', 'yellow', 'orange', 'red']);
		const r = await s.services.cases.report(person, 'duong-noi', reportBody({ zone: 'yellow' }), 'api');
		expect(r.zone).toBe('yellow');
		const snap = await s.services.live.snapshot(person);
		expect(snap.wards).toHaveLength(17);
		expect(snap.district.name).toBe('Quận Hà Đông');
	});
});

describe.each(DATABASE_KINDS)('idempotent entries (%s)', (kind) => {
	let t: TestDatabase;
	let s: TestServices;
	const commander: Principal = { kind: 'user', id: 'u-1', username: 'a', name: 'A', role: 'district_commander', wardCode: null };
	const other: Principal = { kind: 'user', id: 'u-2', username: 'b', name: 'B', role: 'district_commander', wardCode: null };
	beforeAll(async () => {
		t = await openTestDatabase(kind);
		s = await createTestServices(t.database);
	});
	afterAll(async () => {
		await t?.dispose();
	});
	const reportCount = async () => (await t.database.db.select().from(caseReports)).length;

	it('a retried entry returns the first outcome and is counted once, even when retries race', async () => {
		const key = 'tablet-km-0001-abcdef';
		const first = await s.services.cases.report(commander, 'kim-ma', reportBody({ f0Active: 5 }), 'form', key);
		const again = await s.services.cases.report(commander, 'kim-ma', reportBody({ f0Active: 5 }), 'form', key);
		expect(again).toEqual(first);
		const raced = await Promise.all(
			Array.from({ length: 5 }, () => s.services.cases.report(commander, 'kim-ma', reportBody({ f0Active: 9 }), 'form', 'tablet-km-0002-race'))
		);
		expect(new Set(raced.map((r) => r.id)).size).toBe(1);
		expect(await reportCount()).toBe(2);
		expect(s.published.filter((e) => e.type === 'cases:reported')).toHaveLength(2);
	});

	it('a key cannot be replayed by someone else, and a malformed key is refused; nothing saved', async () => {
		const before = await reportCount();
		// Another sender's key is refused as reused (409), saying nothing about what it was used for.
		await expect(s.services.cases.report(other, 'kim-ma', reportBody(), 'form', 'tablet-km-0001-abcdef')).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
		await expect(s.services.cases.report(commander, 'kim-ma', reportBody(), 'form', 'bad key!')).rejects.toBeInstanceOf(ValidationError);
		expect(await reportCount()).toBe(before);
	});

	it('a refused entry does not burn its key: corrected, the same key saves', async () => {
		const key = 'tablet-km-0003-fixme';
		await expect(s.services.cases.report(commander, 'kim-ma', reportBody({ f2: -1 }), 'form', key)).rejects.toBeInstanceOf(ValidationError);
		const ok = await s.services.cases.report(commander, 'kim-ma', reportBody({ f2: 1 }), 'form', key);
		expect(ok.f2).toBe(1);
	});
});
