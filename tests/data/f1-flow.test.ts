/**
 * The F1 flow (issue 13 §4) on a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is
 * set): admissions and discharges say who moved and from which ward; F1 waiting (traced − moved)
 * reads the same from a fresh snapshot, from one kept current by events, and as of a report's
 * slot; every refusal names its field and saves nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/access.ts';
import type { LiveEvent } from '../../src/lib/contracts/live.ts';
import { applyEvent } from '../../src/lib/domain/feed.ts';
import { flowOf } from '../../src/lib/domain/f1-flow.ts';
import { facilitiesFile } from '../../src/lib/contracts/quarantine.ts';
import type { Services } from '../../src/lib/server/services/index.ts';
import { readCompanionFile } from '../../server/core.ts';
import { BA_DINH, DATABASE_KINDS, createTestServices, openTestDatabase, reportBody, type TestDatabase } from '../fixtures/db.ts';
import { refusal } from '../fixtures/refusal.ts';
import { rowCounts } from '../fixtures/row-counts.ts';

const commander: Principal = { kind: 'user', id: 'd', username: 'd', name: 'Chỉ huy quận', role: 'district_commander', wardCode: null };
const kimMa: Principal = { kind: 'user', id: 'km', username: 'km', name: 'Chỉ huy Kim Mã', role: 'ward_commander', wardCode: 'kim-ma' };
const hoursAgo = (n: number) => new Date(Date.now() - n * 3_600_000).toISOString();
const wardsOf = (s: Services) => s.district.wards.map((w) => w.code);

describe.each(DATABASE_KINDS)('the F1 flow on %s', (kind) => {
	let t: TestDatabase;
	let s: Services;
	let published: LiveEvent[];

	beforeAll(async () => {
		t = await openTestDatabase(kind);
		const ts = await createTestServices(t.database, BA_DINH, { data: { quarantine: await readCompanionFile(BA_DINH, 'quarantine', facilitiesFile) } });
		s = ts.services;
		published = ts.published;
	});
	afterAll(async () => {
		await t?.dispose();
	});

	it('F1 traced by a ward wait until admissions from that ward move them; F0 admissions and discharges do not', async () => {
		await s.cases.report(commander, 'kim-ma', reportBody({ f1Traced: 30 }), 'api');
		const start = await s.live.snapshot(commander);
		expect(flowOf(start.trend, wardsOf(s), new Date()).wards.find((w) => w.code === 'kim-ma')).toMatchObject({ waiting: 30, tracedToday: 30 });
		published.length = 0;
		// Into a district facility (no ward of its own): the origin ward's stream still hears it.
		await s.quarantine.move(commander, 'tc-kinh-te-ha-noi', { kind: 'admission', amount: 12, personKind: 'f1', originWard: 'kim-ma' });
		await s.quarantine.move(commander, 'tc-kinh-te-ha-noi', { kind: 'admission', amount: 3, personKind: 'f0', originWard: 'kim-ma' });
		await s.quarantine.move(commander, 'tc-kinh-te-ha-noi', { kind: 'discharge', amount: 2, personKind: 'f1', originWard: 'kim-ma' });
		expect(published.filter((e) => e.type === 'quarantine:flow').map((e) => e.wardCode)).toEqual(['kim-ma', 'kim-ma', 'kim-ma']);
		const fresh = await s.live.snapshot(commander);
		const km = flowOf(fresh.trend, wardsOf(s), new Date()).wards.find((w) => w.code === 'kim-ma')!;
		expect(km).toMatchObject({ waiting: 18, movedToday: 12, dischargedToday: 2 });
		// A wall that applied the events says the same as a fresh snapshot.
		expect(published.reduce(applyEvent, start).trend.flow).toEqual(fresh.trend.flow);
	});

	it("a ward commander's snapshot holds its ward's flow", async () => {
		const mine = await s.live.snapshot(kimMa);
		expect(Object.keys(mine.trend.flow.f1Moved)).toEqual(['kim-ma']);
		expect(flowOf(mine.trend, ['kim-ma'], new Date()).district.waiting).toBe(18);
	});

	it('as of a report made now: the report counts the same F1 waiting, by ward', async () => {
		const r = await s.reports.generateNow(commander);
		expect(r.content.flow?.wards.find((w) => w.code === 'kim-ma')).toMatchObject({ waiting: 18, movedToday: 12 });
		expect(r.content.figures.find((f) => f.key === 'district:f1Waiting')?.value).toBe(18);
	});

	it('an admission made earlier on the device counts on the day it was made', async () => {
		const yesterday = hoursAgo(30);
		await s.quarantine.move(commander, 'tc-kinh-te-ha-noi', { kind: 'admission', amount: 1, personKind: 'f1', originWard: 'ngoc-ha', enteredAt: yesterday });
		const t2 = (await s.live.snapshot(commander)).trend;
		expect(t2.flow.f1Moved['ngoc-ha']!.at(-1)).toBe(0);
		expect(t2.flow.f1Moved['ngoc-ha']!.reduce((a, b) => a + b, 0)).toBe(1);
	});

	it('refuses, naming the field and saving nothing: who or where on a bed count, an unknown ward, an unknown kind of person', async () => {
		const before = await rowCounts(t.database);
		const cases: Array<[Record<string, unknown>, string]> = [
			[{ kind: 'capacity', amount: 400, personKind: 'f1' }, 'personKind:invalid'],
			[{ kind: 'capacity', amount: 400, originWard: 'kim-ma' }, 'originWard:invalid'],
			[{ kind: 'admission', amount: 1, originWard: 'khong-co' }, 'originWard:unknown_ward'],
			[{ kind: 'admission', amount: 1, originWard: 'KIM MA' }, 'originWard:invalid'],
			[{ kind: 'admission', amount: 1, personKind: 'f2' }, 'personKind:invalid'],
			[{ kind: 'admission', amount: 1, originWard: 'kim\u0000ma' }, 'originWard:invalid']
		];
		for (const [body, field] of cases) {
			const r = await refusal(s.quarantine.move(commander, 'tc-kinh-te-ha-noi', body));
			expect(r.fields, JSON.stringify(body)).toEqual([field]);
		}
		expect(await rowCounts(t.database)).toEqual(before);
	});
});
