/**
 * Bad input never gives a 500 (issue 10.7, 10.13): every route of src/routes is in the table below
 * (the first test fails when a route is added without a row), each row sends malformed values for
 * the route's parameters, path segments and body fields, and each answer must be a 4xx naming the
 * field where there is one — with no row of any table added or removed.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stockBalances } from '../../src/lib/server/db/schema.ts';
import { MAX_ON_HAND } from '../../src/lib/domain/stock.ts';
import { dayKey } from '../../src/lib/domain/time.ts';
import { DATABASE_KINDS } from '../fixtures/db.ts';
import { rowCounts as countRows } from '../fixtures/row-counts.ts';
import { signedInUser, testServer, writerToken, type TestServerHandle } from '../fixtures/server.ts';
import { ROOT } from '../fixtures/spawn-server.ts';

type Expect = 400 | 403 | 404 | 409 | '4xx' | 'not5xx';
interface Case {
	name: string;
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	path: string;
	/** A JSON value (sent as JSON) or raw text (sent as is, with `type`). */
	json?: unknown;
	raw?: string;
	type?: string;
	/** A form action: fields sent urlencoded with the server's own Origin. */
	form?: Array<[string, string]>;
	headers?: Record<string, string>;
	/** Authenticate with the write token instead of the admin's cookie. */
	bearer?: boolean;
	/** Send no credentials (the sign-in page). */
	anonymous?: boolean;
	expect: Expect;
	/** The field the refusal must name ('' = the body itself). */
	field?: string;
}

const NUL = 'a\u0000b';
const LONE = 'a\uD800b';
const LONG = 'x'.repeat(100_000);
const DEEP = '['.repeat(50_000) + ']'.repeat(50_000);

/** Malformed bodies of a JSON endpoint, from one valid body: the body itself, then every field. */
function jsonAttacks(
	method: Case['method'],
	p: string,
	valid: Record<string, unknown>,
	opts: { headers?: Record<string, string>; unknownField?: boolean } = {}
): Case[] {
	const c = (name: string, rest: Partial<Case>): Case => ({ name: `${method} ${p} ${name}`, method, path: p, expect: 400, headers: opts.headers, ...rest });
	const cases: Case[] = [
		c('non-JSON body', { raw: '{"not json', type: 'application/json', field: '' }),
		c('text/plain', { raw: JSON.stringify(valid), type: 'text/plain', expect: '4xx' }),
		c('array body', { json: [valid], field: '' }),
		c('number body', { json: 5, field: '' }),
		c('null body', { json: null, field: '' }),
		c('string body', { json: 'x', field: '' }),
		c('deeply nested', { raw: DEEP, type: 'application/json', field: '' }),
		c('nested object value', { json: { ...valid, deep: JSON.parse('{"a":'.repeat(40) + '1' + '}'.repeat(40)) } })
	];
	if (opts.unknownField !== false) cases.push(c('unknown field', { json: { ...valid, zzz: 1 }, field: 'zzz' }));
	for (const [k, v] of Object.entries(valid)) {
		if (typeof v === 'string') {
			cases.push(c(`NUL in ${k}`, { json: { ...valid, [k]: NUL }, field: k }));
			cases.push(c(`lone surrogate in ${k}`, { json: { ...valid, [k]: LONE }, field: k }));
			cases.push(c(`100k chars in ${k}`, { json: { ...valid, [k]: LONG }, field: k }));
			cases.push(c(`number for ${k}`, { json: { ...valid, [k]: 7 }, field: k }));
			cases.push(c(`object for ${k}`, { json: { ...valid, [k]: { a: 1 } }, field: k }));
		}
		if (typeof v === 'number') {
			for (const bad of [-1, 1.5, 2 ** 31, 2 ** 53, '5', null, true]) cases.push(c(`${k}=${JSON.stringify(bad)}`, { json: { ...valid, [k]: bad }, field: k }));
			cases.push(c(`${k}=1e309`, { raw: JSON.stringify({ ...valid, [k]: 0 }).replace(`"${k}":0`, `"${k}":1e309`), type: 'application/json', field: k }));
		}
	}
	return cases;
}

/** Malformed query strings of a GET endpoint or page. */
function queryAttacks(p: string, params: { limit?: boolean; days?: string[]; text?: string[] }, pageExpect: Expect = 400): Case[] {
	const c = (q: string, field: string | undefined, expect: Expect = pageExpect): Case => ({
		name: `GET ${p}?${q}`,
		method: 'GET',
		path: `${p}?${q}`,
		expect,
		field: expect === 'not5xx' ? undefined : field
	});
	const cases: Case[] = [c('x=%00', undefined, 'not5xx')];
	if (params.limit) for (const v of ['1.5', '-1', '1e309', '0', '501', 'abc', '1%00']) cases.push(c(`limit=${v}`, 'limit'));
	if (params.limit) cases.push(c('limit=1&limit=2', 'limit'));
	for (const d of params.days ?? []) {
		for (const v of ['2021-13-01', '2021-02-30', '0000-01-01', '10000-01-01', '2021-1-1', 'yesterday', '2021-07-24T00:00']) cases.push(c(`${d}=${v}`, d));
		cases.push(c(`${d}=2021-07-01&${d}=2021-07-02`, d));
	}
	for (const t of params.text ?? []) {
		cases.push(c(`${t}=a%00b`, t));
		cases.push(c(`${t}=a&${t}=b`, t));
		cases.push(c(`${t}=${'x'.repeat(5000)}`, t));
	}
	return cases;
}

/** Form-action attacks: NUL / lone surrogate in each text field, a repeated field, a body that is not a form. */
function formAttacks(p: string, action: string, valid: Record<string, string>, opts: { expect?: Expect; fieldNamed?: boolean } = {}): Case[] {
	const target = action === 'default' ? p : `${p}?/${action}`;
	const c = (name: string, form: Array<[string, string]>, field: string | undefined, rest: Partial<Case> = {}): Case => ({
		name: `POST ${target} ${name}`,
		method: 'POST',
		path: target,
		form,
		expect: opts.expect ?? 400,
		field: opts.fieldNamed === false ? undefined : field,
		...rest
	});
	const entries = Object.entries(valid);
	const cases: Case[] = [];
	for (const [k] of entries) {
		cases.push(
			c(
				`NUL in ${k}`,
				entries.map(([a, b]) => [a, a === k ? NUL : b]),
				k,
				{ expect: 400, field: k }
			)
		);
		cases.push(c(`repeated ${k}`, [...entries, [k, valid[k]!]], k, { expect: 400, field: k }));
	}
	cases.push(c('multipart garbage', [], '', { raw: '--x\r\ngarbage', type: 'multipart/form-data; boundary=zzz', expect: 400, field: '' }));
	return cases;
}

const ROUTES = (ctx: { reportId: number; layout: string; blockadeId: number }): Record<string, Case[]> => {
	const idem = { 'idempotency-key': 'bad key!' };
	const badKey = (method: Case['method'], p: string, valid: Record<string, unknown>): Case => ({
		name: `${method} ${p} malformed Idempotency-Key`,
		method,
		path: p,
		json: valid,
		headers: idem,
		expect: 400,
		field: 'idempotencyKey'
	});
	const receipt = { item: 'gao', quantity: 5, supplier: 'Nhà cung cấp', note: 'ghi chú' };
	const issue = { item: 'gao', quantity: 5, destinationKind: 'households', destination: 'Tổ 7', note: 'x' };
	const transfer = { item: 'gao', quantity: 5, to: 'doi-can', note: 'x' };
	const movement = { kind: 'admission', amount: 1, note: 'x', personKind: 'f1', originWard: 'kim-ma' };
	const status = { status: 'operating', note: 'x', decisionRef: 'QĐ 1234/QĐ-UBND' };
	const acceptance = { inspectedBy: 'Tổ nghiệm thu', inspectedAt: '2021-08-01T09:00:00+07:00', note: 'Đạt' };
	const checkIn = { personName: 'Nguyễn Văn A', personKey: '001234567', force: 'police' };
	const caseReport = {
		f0NewCommunity: 1,
		f0NewQuarantine: 1,
		f0Active: 1,
		f1Traced: 1,
		f1Quarantined: 1,
		f2: 1,
		samplesTested: 10,
		positives: 1,
		vaccineDoses: 1,
		zone: 'orange',
		reporter: 'Trần Thị Hoa'
	};
	const welfareReport = { householdsSupported: 3, peopleSupported: 9, aidPackages: 3, cashPending: 2, cashPaid: 1, shelterTakenIn: 1 };
	const layout = { slug: 'man-hinh-thu', title: 'Màn hình thử', views: [{ view: 'overview', seconds: 30 }], pin: 'x' };
	const board = { id: 'bang-thu', title: 'Bảng thử', ward: 'kim-ma' };
	const inspection = { card: 'khong-co-the', conclusion: 'fail', findings: 'Thiếu sổ trực' };
	const newFacility = { code: 'nha-van-hoa-thu', name: 'Nhà văn hóa', wardCode: 'kim-ma', kind: 'Nhà văn hóa', address: 'Ngõ 12', capacity: 40 };
	const newWarehouse = { code: 'kho-thu', name: 'Kho thử', wardCode: 'kim-ma' };
	const newItem = { code: 'hang-thu', name: 'Hàng thử', unit: 'thùng', minDays: 3 };
	const newCheckpoint = { code: 'chot-thu', name: 'Chốt thử', wardCode: 'kim-ma', kind: 'main_road', leadUnit: 'Công an phường', required: { police: 1 } };
	const inBlockade = { ...newCheckpoint, code: 'chot-phong-toa-thu', kind: 'blockade', blockadeId: ctx.blockadeId };
	const r = `/reports/${ctx.reportId}`;
	// The duty roster (issue 14 §1): today's plan of the district's post (a day far ahead or gone is refused by the rule).
	const today = dayKey(new Date());
	const far = dayKey(new Date(Date.now() + 40 * 86_400_000));
	const roster = `/api/duty-roster?unit=district&date=${today}`;
	const person = { name: 'Trần Thị Hoa', phone: '0912 345 678' };
	const plan = (shift: Record<string, unknown>) => ({ shifts: [{ shift: 3, leader: person, officers: [], ...shift }] });
	const dutyCase = (name: string, json: unknown, field: string, expect: Expect = 400, p = roster): Case => ({
		name,
		method: 'PUT',
		path: p,
		json,
		expect,
		field
	});
	const rosterForm = { unit: 'kim-ma', date: today, 'shifts.2.leader.name': 'Trần Thị Hoa', 'shifts.2.leader.phone': '0912 345 678', 'shifts.2.officers': '' };
	return {
		'api/health/+server.ts': queryAttacks('/api/health', {}),
		'api/duty-roster/+server.ts': [
			...jsonAttacks('PUT', roster, { shifts: [] }),
			badKey('PUT', roster, { shifts: [] }),
			...queryAttacks('/api/duty-roster', { text: ['unit'] }),
			{ name: 'GET unknown unit', method: 'GET', path: '/api/duty-roster?unit=khong-co', expect: 400, field: 'unit' },
			{ name: 'GET date 2021-02-30', method: 'GET', path: '/api/duty-roster?unit=district&date=2021-02-30', expect: 400, field: 'date' },
			{ name: 'GET date repeated', method: 'GET', path: `/api/duty-roster?unit=district&date=${today}&date=${today}`, expect: 400, field: 'date' },
			dutyCase('PUT without a date', { shifts: [] }, 'date', 400, '/api/duty-roster?unit=district'),
			dutyCase('PUT unit with diacritics', { shifts: [] }, 'unit', 400, `/api/duty-roster?unit=Kim%20M%C3%A3&date=${today}`),
			dutyCase('PUT unknown ward', { shifts: [] }, 'unit', 400, `/api/duty-roster?unit=khong-co&date=${today}`),
			dutyCase('NUL in the leader’s name', plan({ leader: { name: NUL, phone: '113' } }), 'shifts.0.leader.name'),
			dutyCase('lone surrogate in an officer’s phone', plan({ officers: [{ name: 'A', phone: LONE }] }), 'shifts.0.officers.0.phone'),
			dutyCase('100k chars in the leader’s name', plan({ leader: { name: LONG, phone: '113' } }), 'shifts.0.leader.name'),
			dutyCase('a phone in words', plan({ leader: { name: 'A', phone: 'không có' } }), 'shifts.0.leader.phone'),
			dutyCase('unknown shift', plan({ shift: 9 }), 'shifts.0.shift'),
			dutyCase('shift 1.5', plan({ shift: 1.5 }), 'shifts.0.shift'),
			dutyCase('shift "3"', plan({ shift: '3' }), 'shifts.0.shift'),
			dutyCase('two of one shift', { shifts: [{ shift: 3 }, { shift: 3 }] }, 'shifts.1.shift'),
			dutyCase('four shifts', { shifts: [1, 2, 3, 3].map((n) => ({ shift: n })) }, 'shifts'),
			dutyCase('13 officers', plan({ officers: Array.from({ length: 13 }, () => person) }), 'shifts.0.officers'),
			dutyCase('officers not a list', plan({ officers: 'A, 113' }), 'shifts.0.officers'),
			dutyCase('unknown field in a person', plan({ leader: { ...person, zzz: 1 } }), 'shifts.0.leader.zzz'),
			dutyCase('a day 40 days ahead', plan({}), 'date', 409, `/api/duty-roster?unit=district&date=${far}`),
			dutyCase('a past day', plan({}), 'date', 409, '/api/duty-roster?unit=district&date=2021-08-01')
		],
		'api/progress/+server.ts': queryAttacks('/api/progress', {}),
		'api/district/+server.ts': [
			...queryAttacks('/api/district', {}),
			// null clears the target: a valid body, so not an attack.
			...jsonAttacks('PATCH', '/api/district', { quarantineBedTarget: 2000 }).filter((x) => !x.name.endsWith('=null')),
			{ name: 'bed target 0', method: 'PATCH', path: '/api/district', json: { quarantineBedTarget: 0 }, expect: 400, field: 'quarantineBedTarget' }
		],
		'api/wards/+server.ts': queryAttacks('/api/wards', {}),
		'api/session/+server.ts': [
			...jsonAttacks('POST', '/api/session', { username: 'khong-ai', password: 'sai-mat-khau' }, { unknownField: false }).map((x) => ({
				...x,
				expect: '4xx' as const,
				field: undefined
			})),
			...queryAttacks('/api/session', {})
		],
		'api/boards/+server.ts': [...jsonAttacks('POST', '/api/boards', board), ...queryAttacks('/api/boards', {})],
		'api/boards/[id=board]/+server.ts': [
			{ name: 'board id with NUL', method: 'GET', path: '/api/boards/a%00b', expect: 404 },
			{ name: 'board id too long', method: 'GET', path: `/api/boards/${'a'.repeat(70)}`, expect: 404 },
			{ name: 'unknown board', method: 'GET', path: '/api/boards/khong-co', expect: 404 }
		],
		'api/boards/[id=board]/inspections/+server.ts': [
			...jsonAttacks('POST', '/api/boards/district/inspections', inspection),
			badKey('POST', '/api/boards/district/inspections', inspection),
			...queryAttacks('/api/boards/district/inspections', {}),
			{ name: 'inspection of an unknown board', method: 'POST', path: '/api/boards/khong-co/inspections', json: inspection, expect: 404 },
			{ name: 'inspections of an unknown board', method: 'GET', path: '/api/boards/khong-co/inspections', expect: 404 },
			{ name: 'inspection board id with NUL', method: 'POST', path: '/api/boards/a%00b/inspections', json: inspection, expect: 404 },
			{
				name: 'chưa đạt without findings',
				method: 'POST',
				path: '/api/boards/district/inspections',
				json: { card: 'c1', conclusion: 'fail' },
				expect: 400,
				field: 'findings'
			},
			{
				name: 'kiến nghị with blank findings',
				method: 'POST',
				path: '/api/boards/district/inspections',
				json: { card: 'c1', conclusion: 'recommend', findings: '  ' },
				expect: 400,
				field: 'findings'
			},
			{
				name: 'conclusion "đạt"',
				method: 'POST',
				path: '/api/boards/district/inspections',
				json: { card: 'c1', conclusion: 'đạt' },
				expect: 400,
				field: 'conclusion'
			},
			{ name: 'no card and no ward', method: 'POST', path: '/api/boards/district/inspections', json: { conclusion: 'pass' }, expect: 400, field: 'card' },
			{ name: 'unknown card', method: 'POST', path: '/api/boards/district/inspections', json: inspection, expect: 400, field: 'card' },
			{
				name: 'unknown ward readiness',
				method: 'POST',
				path: '/api/boards/district/inspections',
				json: { ward: 'khong-co', conclusion: 'pass' },
				expect: 400,
				field: 'ward'
			},
			{ name: 'an edit by PUT', method: 'PUT', path: '/api/boards/district/inspections', json: inspection, expect: '4xx' },
			{ name: 'a delete', method: 'DELETE', path: '/api/boards/district/inspections', expect: '4xx' }
		],
		'api/inspections/+server.ts': queryAttacks('/api/inspections', { limit: true }),
		'api/blockades/+server.ts': [
			...jsonAttacks('POST', '/api/blockades', {
				wardCode: 'kim-ma',
				name: 'Ngõ 12',
				address: 'Tổ 5',
				zone: 'red',
				startedAt: '2021-08-28T00:00:00.000Z',
				people: 10,
				households: 3
			}),
			...queryAttacks('/api/blockades', { text: ['ward'] }),
			{ name: 'GET /api/blockades?lifted=yes', method: 'GET', path: '/api/blockades?lifted=yes', expect: 400, field: 'lifted' }
		],
		'api/blockades/[id=id]/+server.ts': [
			...jsonAttacks('PATCH', `/api/blockades/${ctx.blockadeId}`, { name: 'Ngõ 12', zone: 'orange', people: 10 }),
			{ name: 'blockade id 0', method: 'GET', path: '/api/blockades/0', expect: 404 },
			{ name: 'blockade id 1e3', method: 'PATCH', path: '/api/blockades/1e3', json: { people: 1 }, expect: 404 },
			{ name: 'unknown blockade', method: 'PATCH', path: '/api/blockades/999999', json: { people: 1 }, expect: 404 }
		],
		'api/blockades/[id=id]/test-rounds/+server.ts': jsonAttacks('POST', `/api/blockades/${ctx.blockadeId}/test-rounds`, {
			round: 1,
			of: 3,
			date: '2021-08-29',
			samples: 100,
			positives: 0
		}),
		'api/blockades/[id=id]/lift/+server.ts': jsonAttacks('POST', `/api/blockades/${ctx.blockadeId}/lift`, { reference: 'QĐ 1', note: 'x' }),
		'api/checkpoints/+server.ts': [
			...queryAttacks('/api/checkpoints', { text: ['ward'] }),
			...jsonAttacks('POST', '/api/checkpoints', newCheckpoint),
			badKey('POST', '/api/checkpoints', newCheckpoint),
			{
				name: 'control checkpoint without police',
				method: 'POST',
				path: '/api/checkpoints',
				json: { ...newCheckpoint, required: { militia: 2 } },
				expect: 400,
				field: 'required.police'
			},
			{
				name: 'unknown force required',
				method: 'POST',
				path: '/api/checkpoints',
				json: { ...newCheckpoint, required: { police: 1, navy: 1 } },
				expect: 400,
				field: 'required.navy'
			},
			{
				name: 'negative police',
				method: 'POST',
				path: '/api/checkpoints',
				json: { ...newCheckpoint, required: { police: -1 } },
				expect: 400,
				field: 'required.police'
			},
			{ name: 'checkpoint code taken', method: 'POST', path: '/api/checkpoints', json: { ...newCheckpoint, code: 'phuc-xa-1' }, expect: 409, field: 'code' },
			// The blockade a checkpoint inside a blockaded area names (issue 13 §1): each refusal names blockadeId.
			{
				name: 'blockadeId on a main-road checkpoint',
				method: 'POST',
				path: '/api/checkpoints',
				json: { ...newCheckpoint, blockadeId: ctx.blockadeId },
				expect: 400,
				field: 'blockadeId'
			},
			{ name: 'unknown blockadeId', method: 'POST', path: '/api/checkpoints', json: { ...inBlockade, blockadeId: 999_999 }, expect: 400, field: 'blockadeId' },
			{
				name: "another ward's blockadeId",
				method: 'POST',
				path: '/api/checkpoints',
				json: { ...inBlockade, wardCode: 'ngoc-ha' },
				expect: 400,
				field: 'blockadeId'
			},
			...[-1, 0, 1.5, 2 ** 53, '5', true, { a: 1 }].map((bad): Case => ({
				name: `blockadeId=${JSON.stringify(bad)}`,
				method: 'POST',
				path: '/api/checkpoints',
				json: { ...inBlockade, blockadeId: bad },
				expect: 400,
				field: 'blockadeId'
			})),
			{
				name: 'blockadeId=1e309',
				method: 'POST',
				path: '/api/checkpoints',
				raw: JSON.stringify({ ...inBlockade, blockadeId: 0 }).replace('"blockadeId":0', '"blockadeId":1e309'),
				type: 'application/json',
				expect: 400,
				field: 'blockadeId'
			}
		],
		'api/checkpoints/[checkpoint=slug]/+server.ts': [
			...jsonAttacks('PATCH', '/api/checkpoints/phuc-xa-1', { name: 'Tên mới', leadUnit: 'Công an phường' }),
			{
				name: 'edit dropping the police',
				method: 'PATCH',
				path: '/api/checkpoints/phuc-xa-1',
				json: { required: { militia: 2 } },
				expect: 400,
				field: 'required.police'
			},
			{ name: 'edit of no checkpoint', method: 'PATCH', path: '/api/checkpoints/khong-co', json: { name: 'X' }, expect: 404 },
			{
				name: 'edit naming a blockade on a border checkpoint',
				method: 'PATCH',
				path: '/api/checkpoints/phuc-xa-1',
				json: { blockadeId: ctx.blockadeId },
				expect: 400,
				field: 'blockadeId'
			},
			{ name: 'edit naming no blockade', method: 'PATCH', path: '/api/checkpoints/kim-ma-2', json: { blockadeId: 999_999 }, expect: 400, field: 'blockadeId' },
			{
				name: "edit naming another ward's blockade",
				method: 'PATCH',
				path: '/api/checkpoints/ngoc-ha-2',
				json: { blockadeId: ctx.blockadeId },
				expect: 400,
				field: 'blockadeId'
			},
			{ name: 'edit with blockadeId "x"', method: 'PATCH', path: '/api/checkpoints/kim-ma-2', json: { blockadeId: 'x' }, expect: 400, field: 'blockadeId' }
		],
		'api/checkpoints/[checkpoint=slug]/retire/+server.ts': jsonAttacks('POST', '/api/checkpoints/phuc-xa-1/retire', { reason: 'Gỡ chốt' }),
		'api/checkpoints/[checkpoint=slug]/check-ins/+server.ts': [
			...jsonAttacks('POST', '/api/checkpoints/phuc-xa-1/check-ins', checkIn),
			badKey('POST', '/api/checkpoints/phuc-xa-1/check-ins', checkIn),
			{ name: 'unknown force', method: 'POST', path: '/api/checkpoints/phuc-xa-1/check-ins', json: { ...checkIn, force: 'navy' }, expect: 400, field: 'force' },
			{ name: 'bad slug', method: 'POST', path: '/api/checkpoints/Phuc_Xa/check-ins', json: checkIn, expect: 404 }
		],
		'api/checkpoints/[checkpoint=slug]/check-outs/+server.ts': jsonAttacks('POST', '/api/checkpoints/phuc-xa-1/check-outs', { dutyId: 1 }),
		...Object.fromEntries(
			['closures', 'carry-overs'].map((r) => [
				`api/checkpoints/[checkpoint=slug]/${r}/+server.ts`,
				[
					...jsonAttacks('POST', `/api/checkpoints/phuc-xa-1/${r}`, { dutyId: 1 }),
					badKey('POST', `/api/checkpoints/phuc-xa-1/${r}`, { dutyId: 1 }),
					{
						name: `${r} of a duty that is not open here`,
						method: 'POST',
						path: `/api/checkpoints/phuc-xa-1/${r}`,
						json: { dutyId: 987654 },
						expect: 400,
						field: 'dutyId'
					},
					{ name: `${r} with a bad slug`, method: 'POST', path: `/api/checkpoints/Phuc_Xa/${r}`, json: { dutyId: 1 }, expect: 404 },
					{ name: `${r} at an unknown checkpoint`, method: 'POST', path: `/api/checkpoints/khong-co/${r}`, json: { dutyId: 1 }, expect: 404 }
				] satisfies Case[]
			])
		),
		'api/quarantine/+server.ts': [
			...queryAttacks('/api/quarantine', { text: ['ward'] }),
			...jsonAttacks('POST', '/api/quarantine', newFacility),
			badKey('POST', '/api/quarantine', newFacility),
			{ name: 'facility code taken', method: 'POST', path: '/api/quarantine', json: { ...newFacility, code: 'quan-ngua' }, expect: 409, field: 'code' },
			{ name: 'facility code not a slug', method: 'POST', path: '/api/quarantine', json: { ...newFacility, code: 'Nhà Văn Hóa' }, expect: 400, field: 'code' },
			{
				name: 'facility of an unknown ward',
				method: 'POST',
				path: '/api/quarantine',
				json: { ...newFacility, wardCode: 'khong-co' },
				expect: 400,
				field: 'wardCode'
			}
		],
		'api/quarantine/[facility=slug]/+server.ts': [
			...jsonAttacks('PATCH', '/api/quarantine/quan-ngua', { name: 'Tên mới' }),
			{ name: 'edit of beds', method: 'PATCH', path: '/api/quarantine/quan-ngua', json: { capacity: 1 }, expect: 400, field: 'capacity' },
			{ name: 'empty edit', method: 'PATCH', path: '/api/quarantine/quan-ngua', json: {}, expect: 400, field: '' },
			{ name: 'edit of no facility', method: 'PATCH', path: '/api/quarantine/khong-co', json: { name: 'X' }, expect: 404 }
		],
		'api/quarantine/[facility=slug]/retire/+server.ts': [
			...jsonAttacks('POST', '/api/quarantine/quan-ngua/retire', { reason: 'Trả lại' }),
			{ name: 'retire of an occupied facility', method: 'POST', path: '/api/quarantine/quan-ngua/retire', json: { reason: 'Trả lại' }, expect: 409, field: '' }
		],
		'api/warehouses/+server.ts': [
			...queryAttacks('/api/warehouses', {}),
			...jsonAttacks('POST', '/api/warehouses', newWarehouse),
			{ name: 'warehouse code taken', method: 'POST', path: '/api/warehouses', json: { ...newWarehouse, code: 'kho-quan' }, expect: 409, field: 'code' }
		],
		'api/warehouses/[warehouse=slug]/+server.ts': [
			...jsonAttacks('PATCH', '/api/warehouses/kho-quan', { name: 'Kho mới' }),
			{ name: 'edit of no warehouse', method: 'PATCH', path: '/api/warehouses/khong-co', json: { name: 'X' }, expect: 404 }
		],
		'api/warehouses/[warehouse=slug]/retire/+server.ts': [
			...jsonAttacks('POST', '/api/warehouses/kho-quan/retire', { reason: 'Đóng kho' }),
			{ name: 'retire of a stocked warehouse', method: 'POST', path: '/api/warehouses/kho-quan/retire', json: { reason: 'Đóng kho' }, expect: 409, field: '' }
		],
		'api/items/+server.ts': [
			...queryAttacks('/api/items', {}),
			...jsonAttacks('POST', '/api/items', newItem),
			{ name: 'item code taken', method: 'POST', path: '/api/items', json: { ...newItem, code: 'gao' }, expect: 409, field: 'code' }
		],
		'api/items/[item=slug]/+server.ts': [
			...jsonAttacks('PATCH', '/api/items/gao', { name: 'Gạo tẻ', minDays: 7 }),
			{ name: 'edit of no item', method: 'PATCH', path: '/api/items/khong-co', json: { name: 'X' }, expect: 404 }
		],
		'api/items/[item=slug]/retire/+server.ts': [
			...jsonAttacks('POST', '/api/items/gao/retire', { reason: 'Ngừng cấp' }),
			{ name: 'retire of an item in stock', method: 'POST', path: '/api/items/gao/retire', json: { reason: 'Ngừng cấp' }, expect: 409, field: '' }
		],
		'api/quarantine/[facility=slug]/movements/+server.ts': [
			...jsonAttacks('POST', '/api/quarantine/quan-ngua/movements', movement),
			badKey('POST', '/api/quarantine/quan-ngua/movements', movement),
			{ name: 'unknown kind', method: 'POST', path: '/api/quarantine/quan-ngua/movements', json: { ...movement, kind: 'escape' }, expect: 400, field: 'kind' },
			{
				name: 'unknown origin ward',
				method: 'POST',
				path: '/api/quarantine/quan-ngua/movements',
				json: { ...movement, originWard: 'khong-co' },
				expect: 400,
				field: 'originWard'
			},
			{
				name: 'who moved, on a bed count',
				method: 'POST',
				path: '/api/quarantine/quan-ngua/movements',
				json: { kind: 'capacity', amount: 300, personKind: 'f1' },
				expect: 400,
				field: 'personKind'
			},
			...queryAttacks('/api/quarantine/quan-ngua/movements', { limit: true })
		],
		'api/quarantine/[facility=slug]/status/+server.ts': [
			...jsonAttacks('POST', '/api/quarantine/quan-ngua/status', status),
			{ name: 'unknown status', method: 'POST', path: '/api/quarantine/quan-ngua/status', json: { status: 'open' }, expect: 400, field: 'status' },
			{
				name: 'NUL in the inspector',
				method: 'POST',
				path: '/api/quarantine/quan-ngua/status',
				json: { status: 'ready', acceptance: { ...acceptance, inspectedBy: NUL } },
				expect: 400,
				field: 'acceptance.inspectedBy'
			},
			{
				name: 'inspection time not a time',
				method: 'POST',
				path: '/api/quarantine/quan-ngua/status',
				json: { status: 'ready', acceptance: { ...acceptance, inspectedAt: 'hôm qua' } },
				expect: 400,
				field: 'acceptance.inspectedAt'
			},
			{
				name: 'unknown acceptance field',
				method: 'POST',
				path: '/api/quarantine/quan-ngua/status',
				json: { status: 'ready', acceptance: { ...acceptance, zzz: 1 } },
				expect: 400,
				field: 'acceptance.zzz'
			},
			{
				name: 'acceptance not an object',
				method: 'POST',
				path: '/api/quarantine/quan-ngua/status',
				json: { status: 'ready', acceptance: 'ok' },
				expect: 400,
				field: 'acceptance'
			}
		],
		'api/quarantine/summary/+server.ts': queryAttacks('/api/quarantine/summary', {}),
		'api/reports/+server.ts': queryAttacks('/api/reports', { days: ['from', 'to'] }),
		'api/reports/[id=report]/+server.ts': [
			{ name: 'id 0', method: 'GET', path: '/api/reports/0', expect: 404 },
			{ name: 'id 1.5', method: 'GET', path: '/api/reports/1.5', expect: 404 },
			{ name: 'id -1', method: 'GET', path: '/api/reports/-1', expect: 404 },
			{ name: 'id past int8 digits', method: 'GET', path: '/api/reports/99999999999999999999', expect: 404 },
			{ name: 'id 10 digits', method: 'GET', path: '/api/reports/9999999999', expect: 404 }
		],
		'api/reports/[id=report]/revisions/+server.ts': [
			...jsonAttacks('POST', `/api/reports/${ctx.reportId}/revisions`, { reason: 'Sửa số liệu', wards: { 'kim-ma': { f0Active: 3 } } }),
			{
				name: 'revision of a negative figure',
				method: 'POST',
				path: `/api/reports/${ctx.reportId}/revisions`,
				json: { reason: 'x', wards: { 'kim-ma': { f0Active: -1 } } },
				expect: 400,
				field: 'wards.kim-ma.f0Active'
			},
			{
				name: 'revision of a NUL ward',
				method: 'POST',
				path: `/api/reports/${ctx.reportId}/revisions`,
				json: { reason: 'x', wards: { ['kim\u0000ma']: { f0Active: 1 } } },
				expect: 400,
				field: 'wards'
			}
		],
		'api/reports/[id=report]/sent/+server.ts': [{ name: 'sent of no report', method: 'POST', path: '/api/reports/9999999999/sent', expect: 404 }],
		'api/stock/+server.ts': queryAttacks('/api/stock', { text: ['ward'] }),
		'api/wall-layouts/+server.ts': [
			...jsonAttacks('POST', '/api/wall-layouts', layout),
			{
				name: 'unknown view',
				method: 'POST',
				path: '/api/wall-layouts',
				json: { ...layout, views: [{ view: 'nope', seconds: 30 }] },
				expect: 400,
				field: 'views'
			}
		],
		'api/wall-layouts/[layout=slug]/+server.ts': [
			...jsonAttacks('PUT', `/api/wall-layouts/${ctx.layout}`, { title: 'Tên mới', views: [{ view: 'overview', seconds: 30 }], pin: 'x' }),
			{ name: 'unknown layout', method: 'DELETE', path: '/api/wall-layouts/khong-co', expect: 404 },
			{ name: 'bad layout slug', method: 'GET', path: '/api/wall-layouts/A%00', expect: 404 }
		],
		'api/wards/[code=ward]/zone-history/+server.ts': [
			...queryAttacks('/api/wards/kim-ma/zone-history', { days: ['from', 'to'] }),
			{ name: 'unknown ward zone history', method: 'GET', path: '/api/wards/khong-co/zone-history', expect: 404 }
		],
		'api/wards/[code=ward]/welfare-reports/+server.ts': [
			...jsonAttacks('POST', '/api/wards/kim-ma/welfare-reports', welfareReport),
			badKey('POST', '/api/wards/kim-ma/welfare-reports', welfareReport),
			{ name: 'empty welfare report', method: 'POST', path: '/api/wards/kim-ma/welfare-reports', json: {}, expect: 400, field: '' },
			{
				name: 'welfare figure too large',
				method: 'POST',
				path: '/api/wards/kim-ma/welfare-reports',
				json: { cashPending: 10_000_001 },
				expect: 400,
				field: 'cashPending'
			},
			{ name: 'unknown ward welfare report', method: 'POST', path: '/api/wards/khong-co/welfare-reports', json: welfareReport, expect: 404 },
			...queryAttacks('/api/wards/kim-ma/welfare-reports', { limit: true }),
			{ name: 'unknown ward welfare history', method: 'GET', path: '/api/wards/khong-co/welfare-reports', expect: 404 }
		],
		'api/welfare/+server.ts': queryAttacks('/api/welfare', {}),
		'api/wards/[code=ward]/case-reports/+server.ts': [
			...jsonAttacks('POST', '/api/wards/kim-ma/case-reports', caseReport),
			badKey('POST', '/api/wards/kim-ma/case-reports', caseReport),
			{ name: 'unknown zone', method: 'POST', path: '/api/wards/kim-ma/case-reports', json: { ...caseReport, zone: 'purple' }, expect: 400, field: 'zone' },
			{ name: 'unknown ward', method: 'POST', path: '/api/wards/khong-co/case-reports', json: caseReport, expect: 404 },
			...queryAttacks('/api/wards/kim-ma/case-reports', { limit: true })
		],
		'api/warehouses/[warehouse=slug]/issues/+server.ts': [
			...jsonAttacks('POST', '/api/warehouses/kim-ma/issues', issue),
			{
				name: 'unknown destinationKind',
				method: 'POST',
				path: '/api/warehouses/kim-ma/issues',
				json: { ...issue, destinationKind: 'market' },
				expect: 400,
				field: 'destinationKind'
			},
			...['khong-co', 'Kim Mã', NUL, LONG, 7].map((destinationWard) => ({
				name: `destinationWard ${JSON.stringify(destinationWard).slice(0, 20)}`,
				method: 'POST' as const,
				path: '/api/warehouses/kim-ma/issues',
				json: { ...issue, destinationKind: 'households', destinationWard },
				expect: 400 as const,
				field: 'destinationWard'
			})),
			{
				name: 'destinationWard on an issue to a checkpoint',
				method: 'POST',
				path: '/api/warehouses/kim-ma/issues',
				json: { ...issue, destinationKind: 'checkpoint', destinationWard: 'kim-ma' },
				expect: 400,
				field: 'destinationWard'
			},
			...[-1, 1.5, 10_000_001, '5', NUL, LONG].map((packages) => ({
				name: `packages ${JSON.stringify(packages).slice(0, 20)}`,
				method: 'POST' as const,
				path: '/api/warehouses/kim-ma/issues',
				json: { ...issue, destinationKind: 'households', packages },
				expect: 400 as const,
				field: 'packages'
			})),
			{
				name: 'packages on an issue to a quarantine site',
				method: 'POST',
				path: '/api/warehouses/kim-ma/issues',
				json: { ...issue, destinationKind: 'quarantine', packages: 3 },
				expect: 400,
				field: 'packages'
			}
		],
		'api/warehouses/[warehouse=slug]/movements/+server.ts': queryAttacks('/api/warehouses/kim-ma/movements', { limit: true }),
		'api/warehouses/[warehouse=slug]/receipts/+server.ts': [
			...jsonAttacks('POST', '/api/warehouses/kim-ma/receipts', receipt),
			badKey('POST', '/api/warehouses/kim-ma/receipts', receipt),
			{ name: 'unknown warehouse', method: 'POST', path: '/api/warehouses/khong-co/receipts', json: receipt, expect: 404 }
		],
		'api/warehouses/[warehouse=slug]/transfers/+server.ts': jsonAttacks('POST', '/api/warehouses/kim-ma/transfers', transfer),
		'logout/+server.ts': [{ name: 'GET /logout (no sign-out by link)', method: 'GET', path: '/logout', expect: '4xx' }],
		'forbidden/+page.server.ts': [{ name: 'the styled 403 page', method: 'GET', path: '/forbidden', expect: 403 }, ...queryAttacks('/forbidden', {}, 'not5xx')],
		'(app)/audit/export.csv/+server.ts': queryAttacks('/audit/export.csv', { days: ['from', 'to'], text: ['ward', 'actor', 'entity'] }),
		'(app)/reports/[id=report]/export.csv/+server.ts': [
			...queryAttacks(`${r}/export.csv`, {}),
			{ name: 'export of no report', method: 'GET', path: '/reports/9999999999/export.csv', expect: 404 }
		],
		// Pages: a malformed query is shown on the page (the default range stands in) or ignored — never a 500.
		'(app)/+page.server.ts': queryAttacks('/', {}, 'not5xx'),
		'(app)/admin/+page.server.ts': queryAttacks('/admin', {}, 'not5xx'),
		'(app)/audit/+page.server.ts': queryAttacks('/audit', { days: ['from', 'to'], text: ['ward', 'actor', 'entity'] }, 'not5xx'),
		'api/readiness/+server.ts': queryAttacks('/api/readiness', {}),
		'api/readiness/[template]/apply/+server.ts': [
			{ name: 'apply: template with NUL', method: 'POST', path: '/api/readiness/a%00b/apply', expect: 404 },
			{ name: 'apply: template too long', method: 'POST', path: `/api/readiness/${'a'.repeat(5000)}/apply`, expect: '4xx' },
			{ name: 'apply: unknown template', method: 'POST', path: '/api/readiness/5-tai-cho/apply', expect: 404 },
			{ name: 'apply: lone surrogate', method: 'POST', path: '/api/readiness/%ED%A0%80/apply', expect: '4xx' },
			{ name: 'apply: malformed Idempotency-Key', method: 'POST', path: '/api/readiness/4-tai-cho/apply', headers: idem, expect: 400, field: 'idempotencyKey' }
		],
		'(app)/readiness/+page.server.ts': [
			...queryAttacks('/readiness', {}, 'not5xx'),
			...formAttacks('/readiness', 'apply', { template: '4-tai-cho' }),
			{ name: 'POST /readiness?/apply unknown template', method: 'POST', path: '/readiness?/apply', form: [['template', 'khong-co']], expect: 404 },
			{ name: 'POST /readiness?/apply no template', method: 'POST', path: '/readiness?/apply', form: [], expect: 404 }
		],
		'(app)/boards/[id=board]/+page.server.ts': [
			{ name: 'unknown board page', method: 'GET', path: '/boards/khong-co', expect: 404 },
			{ name: 'bad board id page', method: 'GET', path: '/boards/A%00', expect: 404 }
		],
		'(app)/reports/+page.server.ts': queryAttacks('/reports', { days: ['from', 'to'] }, 'not5xx'),
		'(app)/reports/history/+page.server.ts': queryAttacks('/reports/history', { days: ['from', 'to'], text: ['ward'] }, 'not5xx'),
		'(app)/reports/[id=report]/+page.server.ts': [
			...queryAttacks(r, { text: ['lang'] }, 'not5xx'),
			{ name: 'report page of no report', method: 'GET', path: '/reports/9999999999', expect: 404 },
			...formAttacks(r, 'correct', { ward: 'kim-ma', reason: 'Sửa', f0Active: '3' }),
			{
				name: 'correct with a negative figure',
				method: 'POST',
				path: `${r}?/correct`,
				form: [
					['ward', 'kim-ma'],
					['reason', 'x'],
					['f0Active', '-1']
				],
				expect: 400
			},
			{
				name: 'correct with 1e309',
				method: 'POST',
				path: `${r}?/correct`,
				form: [
					['ward', 'kim-ma'],
					['reason', 'x'],
					['f0Active', '1e309']
				],
				expect: 400
			}
		],
		'(app)/wall-layouts/+page.server.ts': [
			...formAttacks('/wall-layouts', 'create', { slug: 'bo-cuc-form', title: 'Bố cục', views: 'overview', pin: '' }),
			...formAttacks('/wall-layouts', 'delete', { slug: ctx.layout })
		],
		'(app)/admin/users/+page.server.ts': [
			...formAttacks('/admin/users', 'create', { username: 'nguoi.moi', displayName: 'Người mới', role: 'viewer', wardCode: '' }),
			{
				name: 'create with unknown role',
				method: 'POST',
				path: '/admin/users?/create',
				form: [
					['username', 'nguoi.moi'],
					['displayName', 'x'],
					['role', 'god']
				],
				expect: 400,
				field: 'role'
			},
			...formAttacks('/admin/users', 'disable', { id: 'khong-co' }),
			...(
				[
					['the district board', 'district'],
					['an unknown board', 'khong-co'],
					['a NUL in a board', NUL],
					['a long board id', 'x'.repeat(5000)]
				] as Array<[string, string]>
			).map(([name, bad]): Case => ({
				name: `create an inspector of ${name}`,
				method: 'POST',
				path: '/admin/users?/create',
				form: [
					['username', 'dkt.moi'],
					['displayName', 'Đoàn kiểm tra'],
					['role', 'inspector'],
					['boards', bad]
				],
				expect: 400,
				field: bad.length > 64 ? 'boards.0' : 'boards'
			}))
		],
		'(app)/admin/api-tokens/+page.server.ts': [
			...formAttacks('/admin/api-tokens', 'create', { name: 'Hệ thống', access: 'read' }),
			{
				name: 'token with unknown access',
				method: 'POST',
				path: '/admin/api-tokens?/create',
				form: [
					['name', 'x'],
					['access', 'root']
				],
				expect: 400,
				field: 'access'
			}
		],
		'(app)/admin/kiosks/+page.server.ts': formAttacks('/admin/kiosks', 'create', { name: 'TV', layoutSlug: '' }),
		'(app)/account/password/+page.server.ts': formAttacks('/account/password', 'default', { current: 'x', next: 'y', confirm: 'y' }),
		'(app)/boards/+page.server.ts': [
			...formAttacks('/boards', 'create', { id: 'bang-form', title: 'Bảng', ward: '' }),
			{
				name: 'board with 100k title',
				method: 'POST',
				path: '/boards?/create',
				form: [
					['id', 'bang-dai'],
					['title', LONG]
				],
				expect: 400,
				field: 'title'
			}
		],
		'(app)/quarantine/+page.server.ts': [
			...formAttacks('/quarantine', 'move', { facility: 'quan-ngua', kind: 'admission', amount: '1', note: '', personKind: 'f1', originWard: 'lieu-giai' }),
			{
				name: 'move 1e309 people',
				method: 'POST',
				path: '/quarantine?/move',
				form: [
					['facility', 'quan-ngua'],
					['kind', 'admission'],
					['amount', '1e309']
				],
				expect: 400,
				field: 'amount'
			}
		],
		'(app)/registry/+page.server.ts': [
			...formAttacks('/registry', 'addFacility', {
				target: 'facility:new',
				code: 'nha-van-hoa-form',
				name: 'Nhà văn hóa',
				wardCode: 'kim-ma',
				kind: 'Nhà văn hóa',
				address: '',
				capacity: '40'
			}),
			...formAttacks('/registry', 'addItem', { target: 'item:new', code: 'hang-form', name: 'Hàng', unit: 'thùng', minDays: '3' }),
			...formAttacks('/registry', 'retireWarehouse', { target: 'warehouse:kho-quan', code: 'kho-quan', reason: 'x' }),
			{
				name: 'registry capacity 1,5',
				method: 'POST',
				path: '/registry?/addFacility',
				form: [
					['code', 'nha-van-hoa-x'],
					['name', 'X'],
					['wardCode', ''],
					['kind', 'X'],
					['capacity', '1,5']
				],
				expect: 400,
				field: 'capacity'
			},
			...formAttacks('/registry', 'addCheckpoint', {
				target: 'checkpoint:new',
				code: 'chot-form',
				wardCode: 'kim-ma',
				name: 'Chốt',
				kind: 'main_road',
				leadUnit: 'CA',
				'required.police': '1',
				blockadeId: ''
			}),
			...['abc', '999999'].map((bad): Case => ({
				name: `registry checkpoint naming blockade ${bad}`,
				method: 'POST',
				path: '/registry?/addCheckpoint',
				form: [
					['code', 'chot-form-3'],
					['wardCode', 'kim-ma'],
					['name', 'C'],
					['kind', 'blockade'],
					['leadUnit', 'CA'],
					['required.police', '1'],
					['blockadeId', bad]
				],
				expect: 400,
				field: 'blockadeId'
			})),
			{
				name: 'registry checkpoint without police',
				method: 'POST',
				path: '/registry?/addCheckpoint',
				form: [
					['code', 'chot-form-2'],
					['wardCode', 'kim-ma'],
					['name', 'C'],
					['kind', 'border'],
					['leadUnit', 'CA'],
					['required.militia', '2']
				],
				expect: 400,
				field: 'required.police'
			},
			{
				name: 'registry bed target 0',
				method: 'POST',
				path: '/registry?/bedTarget',
				form: [['quarantineBedTarget', '0']],
				expect: 400,
				field: 'quarantineBedTarget'
			}
		],
		'(app)/stock/+page.server.ts': [
			...formAttacks('/stock', 'receive', { warehouse: 'kho-quan', item: 'gao', quantity: '1', supplier: '', note: '' }),
			{
				name: 'receive 1.5',
				method: 'POST',
				path: '/stock?/receive',
				form: [
					['warehouse', 'kho-quan'],
					['item', 'gao'],
					['quantity', '1.5']
				],
				expect: 400,
				field: 'quantity'
			},
			...formAttacks('/stock', 'issue', {
				warehouse: 'kho-quan',
				item: 'gao',
				quantity: '1',
				destinationKind: 'households',
				destination: 'Tổ 7',
				destinationWard: 'kim-ma',
				note: ''
			}),
			{
				name: 'issue to households of an unknown ward',
				method: 'POST',
				path: '/stock?/issue',
				form: [
					['warehouse', 'kho-quan'],
					['item', 'gao'],
					['quantity', '1'],
					['destinationKind', 'households'],
					['destination', 'Tổ 7'],
					['destinationWard', 'khong-co']
				],
				expect: 400,
				field: 'destinationWard'
			}
		],
		'(app)/ward/[code=ward]/+page.server.ts': [
			...formAttacks('/ward/kim-ma', 'default', { f0Active: '1', zone: 'orange', note: '' }),
			{ name: 'case report -1', method: 'POST', path: '/ward/kim-ma', form: [['f0Active', '-1']], expect: 400, field: 'f0Active' },
			{ name: 'unknown ward page', method: 'GET', path: '/ward/khong-co', expect: 404 }
		],
		'(app)/ward/[code=ward]/welfare/+page.server.ts': [
			...formAttacks('/ward/kim-ma/welfare', 'default', { householdsSupported: '3', peopleSupported: '9', cashPending: '2' }),
			{ name: 'welfare -1', method: 'POST', path: '/ward/kim-ma/welfare', form: [['householdsSupported', '-1']], expect: 400, field: 'householdsSupported' },
			{ name: 'welfare "ba"', method: 'POST', path: '/ward/kim-ma/welfare', form: [['aidPackages', 'ba']], expect: 400, field: 'aidPackages' },
			{ name: 'welfare nothing given', method: 'POST', path: '/ward/kim-ma/welfare', form: [['householdsSupported', '']], expect: 400, field: '' },
			{ name: 'unknown ward welfare page', method: 'GET', path: '/ward/khong-co/welfare', expect: 404 }
		],
		'(app)/ward/[code=ward]/blockades/+page.server.ts': [
			...formAttacks('/ward/kim-ma/blockades', 'open', {
				wardCode: 'kim-ma',
				name: 'Ngõ 12',
				address: '',
				zone: 'red',
				startedAt: '28/08/2021 07:00',
				people: '10',
				households: '3'
			}),
			...formAttacks('/ward/kim-ma/blockades', 'round', {
				blockade: String(ctx.blockadeId),
				round: '1',
				of: '3',
				date: '2021-08-29',
				samples: '10',
				positives: '0'
			}),
			...formAttacks('/ward/kim-ma/blockades', 'lift', { blockade: String(ctx.blockadeId), reference: 'QĐ 1', note: '' }),
			// The edit sends what differs from the hidden `was.<field>` values (the blockade: 40 people, 10 households).
			...formAttacks('/ward/kim-ma/blockades', 'edit', {
				blockade: String(ctx.blockadeId),
				'was.name': 'Ngõ 12 Kim Mã',
				'was.address': '',
				'was.zone': 'red',
				'was.people': '40',
				'was.households': '10',
				name: 'Ngõ 12 Kim Mã',
				address: '',
				zone: 'orange',
				people: '40',
				households: '10'
			}),
			...(
				[
					['nothing changed', {}, ''],
					['zone purple', { zone: 'purple' }, 'zone'],
					['people "bốn mươi"', { people: 'bốn mươi' }, 'people'],
					['people cleared', { people: '' }, 'people'],
					['fewer people than households', { people: '9' }, 'households']
				] as Array<[string, Record<string, string>, string]>
			).map(([name, changed, field]): Case => ({
				name: `edit: ${name}`,
				method: 'POST',
				path: '/ward/kim-ma/blockades?/edit',
				form: Object.entries({
					blockade: String(ctx.blockadeId),
					'was.zone': 'red',
					'was.people': '40',
					'was.households': '10',
					zone: 'red',
					people: '40',
					households: '10',
					...changed
				}),
				// Households over people is the rule between figures (409); the rest are shapes (400).
				expect: field === 'households' ? 409 : 400,
				field
			})),
			{
				name: 'edit of blockade "abc"',
				method: 'POST',
				path: '/ward/kim-ma/blockades?/edit',
				form: [
					['blockade', 'abc'],
					['was.zone', 'red'],
					['zone', 'orange']
				],
				expect: 404
			},
			{
				name: 'round for blockade "abc"',
				method: 'POST',
				path: '/ward/kim-ma/blockades?/round',
				form: [
					['blockade', 'abc'],
					['round', '1'],
					['of', '3'],
					['date', '2021-08-29'],
					['samples', '1'],
					['positives', '0']
				],
				expect: 404
			},
			{ name: 'unknown ward blockades', method: 'GET', path: '/ward/khong-co/blockades', expect: 404 }
		],
		'(app)/ward/[code=ward]/checkpoints/+page.server.ts': [
			...formAttacks('/ward/phuc-xa/checkpoints', 'checkIn', { checkpoint: 'phuc-xa-1', personName: 'A', personKey: '00123456', force: 'police' }),
			{
				name: 'check-out of duty "abc"',
				method: 'POST',
				path: '/ward/phuc-xa/checkpoints?/checkOut',
				form: [
					['checkpoint', 'phuc-xa-1'],
					['dutyId', 'abc']
				],
				expect: 400,
				field: 'dutyId'
			},
			...formAttacks('/ward/phuc-xa/checkpoints', 'closeShift', { checkpoint: 'phuc-xa-1', dutyId: '1' }),
			...formAttacks('/ward/phuc-xa/checkpoints', 'carryOver', { checkpoint: 'phuc-xa-1', dutyId: '1' }),
			{
				name: 'close duty "abc"',
				method: 'POST',
				path: '/ward/phuc-xa/checkpoints?/closeShift',
				form: [
					['checkpoint', 'phuc-xa-1'],
					['dutyId', 'abc']
				],
				expect: 400,
				field: 'dutyId'
			},
			{
				name: 'carry over duty 1e309',
				method: 'POST',
				path: '/ward/phuc-xa/checkpoints?/carryOver',
				form: [
					['checkpoint', 'phuc-xa-1'],
					['dutyId', '1e309']
				],
				expect: 400,
				field: 'dutyId'
			}
		],
		'(app)/ward/[code=ward]/duty/+page.server.ts': [
			...formAttacks('/ward/kim-ma/duty', 'plan', rosterForm),
			{
				name: 'roster with a phone in words',
				method: 'POST',
				path: '/ward/kim-ma/duty?/plan',
				form: Object.entries({ ...rosterForm, 'shifts.2.leader.phone': 'không có' }),
				expect: 400,
				field: 'shifts.2.leader.phone'
			},
			{ name: 'unknown ward duty', method: 'GET', path: '/ward/khong-co/duty', expect: 404 },
			{ name: 'duty page date 2021-02-30', method: 'GET', path: '/ward/kim-ma/duty?date=2021-02-30', expect: 404 }
		],
		'(app)/directory/+page.server.ts': queryAttacks('/directory', {}, 'not5xx'),
		'(app)/duty-roster/+page.server.ts': [
			...formAttacks('/duty-roster', 'plan', { ...rosterForm, unit: 'district' }),
			{
				name: 'roster of an unknown unit',
				method: 'POST',
				path: '/duty-roster?/plan',
				form: Object.entries({ ...rosterForm, unit: 'khong-co' }),
				expect: 400,
				field: 'unit'
			},
			{ name: 'duty-roster unknown unit', method: 'GET', path: '/duty-roster?unit=khong-co', expect: 404 },
			{ name: 'duty-roster unit with NUL', method: 'GET', path: '/duty-roster?unit=a%00b', expect: '4xx' },
			{ name: 'duty-roster date 2021-13-01', method: 'GET', path: '/duty-roster?date=2021-13-01', expect: 404 }
		],
		'(app)/ward/[code=ward]/quarantine/+page.server.ts': [
			...formAttacks('/ward/lieu-giai/quarantine', 'status', { facility: 'quan-ngua', status: 'operating' }),
			{ name: 'unknown ward quarantine', method: 'GET', path: '/ward/khong-co/quarantine', expect: 404 }
		],
		'(app)/ward/[code=ward]/stock/+page.server.ts': [
			...formAttacks('/ward/kim-ma/stock', 'issue', {
				warehouse: 'kim-ma',
				item: 'gao',
				quantity: '1',
				destinationKind: 'households',
				destination: 'x',
				note: ''
			}),
			{ name: 'unknown ward stock', method: 'GET', path: '/ward/khong-co/stock', expect: 404 }
		],
		'login/+page.server.ts': [
			...formAttacks('/login', 'default', { username: 'khong-ai', password: 'x' }).map((x) => ({ ...x, anonymous: true })),
			...queryAttacks('/login', { text: ['next'] }, 'not5xx')
		],
		'wall/+page.server.ts': queryAttacks('/wall', { text: ['lang', 'layout', 'views', 'pin'] }, 'not5xx')
	};
};

/** Every +server.ts and +page.server.ts under src/routes, as paths relative to it. */
function routeFiles(): string[] {
	const dir = path.join(ROOT, 'src/routes');
	return (readdirSync(dir, { recursive: true }) as string[])
		.filter((f) => /(^|\/)\+(server|page\.server)\.ts$/.test(f))
		.map((f) => f.split(path.sep).join('/'))
		.sort();
}

describe.each(DATABASE_KINDS)('bad input at every HTTP boundary on %s', (kind) => {
	let server: TestServerHandle;
	let url: string;
	let admin: string;
	let token: string;
	let table: Record<string, Case[]>;
	beforeAll(async () => {
		server = await testServer(kind);
		url = (await server.start()).url;
		const s = server.current().core.services;
		admin = (await signedInUser(s, 'admin')).cookie;
		token = await writerToken(s);
		const report = await s.reports.generateNow({ kind: 'system', name: 'test' });
		const layout = await s.wallLayouts.create(
			{ kind: 'system', name: 'test' },
			{ slug: 'bo-cuc-co-san', title: 'Có sẵn', views: [{ view: 'overview', seconds: 30 }] }
		);
		const blockade = await s.blockades.open(
			{ kind: 'system', name: 'test' },
			{ wardCode: 'kim-ma', name: 'Ngõ 12 Kim Mã', zone: 'red', startedAt: new Date(Date.now() - 86_400_000).toISOString(), people: 40, households: 10 }
		);
		table = ROUTES({ reportId: report.id, layout: layout.slug, blockadeId: blockade.id });
	});
	afterAll(async () => {
		await server?.dispose();
	});

	const rowCounts = () => countRows(server.current().core.database);
	const post = (p: string, body: unknown) =>
		fetch(`${url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: admin, origin: url }, body: JSON.stringify(body) });

	async function send(c: Case): Promise<{ status: number; text: string }> {
		const headers: Record<string, string> = { ...(c.headers ?? {}) };
		if (c.bearer) headers.authorization = `Bearer ${token}`;
		else if (!c.anonymous) headers.cookie = admin;
		let body: string | undefined;
		if (c.form) {
			headers['content-type'] = c.type ?? 'application/x-www-form-urlencoded';
			headers.origin = url; // SvelteKit's CSRF check: a same-origin form
			headers.accept = 'text/html'; // as a browser without JavaScript posts it (else SvelteKit answers JSON, 200)
			body = c.raw ?? new URLSearchParams(c.form).toString();
		} else if (c.raw !== undefined) {
			headers['content-type'] = c.type ?? 'application/json';
			headers.origin = url;
			body = c.raw;
		} else if (c.json !== undefined) {
			headers['content-type'] = 'application/json';
			headers.origin = url;
			body = JSON.stringify(c.json);
		} else if (c.method !== 'GET') headers.origin = url;
		const res = await fetch(`${url}${c.path}`, { method: c.method, headers, body, redirect: 'manual' });
		return { status: res.status, text: await res.text() };
	}

	/** The fields a refusal names: the JSON API's `errors`, or a form action's (enhanced) failure data. */
	async function namedFields(c: Case, first: { text: string }): Promise<string[]> {
		if (c.form) {
			const res = await fetch(`${url}${c.path}`, {
				method: 'POST',
				headers: {
					...(c.anonymous ? {} : { cookie: admin }),
					origin: url,
					'content-type': c.type ?? 'application/x-www-form-urlencoded',
					accept: 'application/json',
					'x-sveltekit-action': 'true'
				},
				body: c.raw ?? new URLSearchParams(c.form).toString()
			});
			const answer = (await res.json()) as { type: string; status?: number; data?: string };
			expect(answer.type, c.name).toBe('failure');
			expect(answer.status, c.name).toBe(c.expect === 'not5xx' || c.expect === '4xx' ? answer.status : c.expect);
			// devalue's text: the field names are plain strings in it.
			const data = JSON.parse(answer.data ?? '[]') as unknown[];
			return data.filter((v): v is string => typeof v === 'string');
		}
		const body = JSON.parse(first.text) as { errors?: Array<{ field: string }> };
		return (body.errors ?? []).map((e) => e.field);
	}

	it('the table lists every route in src/routes', () => {
		const files = routeFiles();
		expect(files.length).toBeGreaterThan(40);
		expect(
			files.filter((f) => !(f in table)),
			'routes without malformed-input cases'
		).toEqual([]);
		expect(
			Object.keys(table).filter((k) => !files.includes(k)),
			'table rows for routes that no longer exist'
		).toEqual([]);
		for (const [route, cases] of Object.entries(table)) expect(cases.length, route).toBeGreaterThan(0);
	});

	it('every malformed input is a 4xx naming the field, never a 500, and nothing is saved', async () => {
		const before = await rowCounts();
		const failures: string[] = [];
		let sent = 0;
		for (const [route, cases] of Object.entries(table)) {
			for (const c of cases) {
				sent++;
				const res = await send(c);
				const ok = c.expect === 'not5xx' ? res.status < 500 : c.expect === '4xx' ? res.status >= 400 && res.status < 500 : res.status === c.expect;
				if (!ok) {
					failures.push(`${route} · ${c.name}: ${res.status} ${res.text.slice(0, 160)}`);
					continue;
				}
				if (c.field !== undefined && res.status >= 400 && res.status < 500) {
					const fields = await namedFields(c, res);
					if (!fields.includes(c.field)) failures.push(`${route} · ${c.name}: field "${c.field}" not named (named: ${JSON.stringify(fields.slice(0, 8))})`);
				}
			}
		}
		expect(failures, `${failures.length} of ${sent} malformed requests answered wrongly`).toEqual([]);
		expect(await rowCounts()).toEqual(before);
		expect(sent).toBeGreaterThan(400);
	});

	it('a receipt or transfer that would push a balance past int4 is a 400 naming quantity, and stores nothing', async () => {
		const { db } = server.current().core.database;
		const at = and(eq(stockBalances.warehouseCode, 'kim-ma'), eq(stockBalances.itemCode, 'gao'));
		// The set-up, not the attack: a balance 10 units short of what the column holds.
		await db
			.update(stockBalances)
			.set({ onHand: MAX_ON_HAND - 10 })
			.where(at);
		const onHand = async () => (await db.select().from(stockBalances).where(at))[0]!.onHand;
		const before = await rowCounts();

		const over = await post('/api/warehouses/kim-ma/receipts', { item: 'gao', quantity: 11 });
		expect(over.status).toBe(400);
		const body = (await over.json()) as { error: string; errors: Array<{ field: string; code: string; messageEn: string }> };
		expect(body.error).toBe('validation');
		expect(body.errors[0]).toMatchObject({ field: 'quantity', code: 'balance_too_large' });
		expect(body.errors[0]!.messageEn).toMatch(/room for 10/);

		const transfer = await post('/api/warehouses/kho-quan/transfers', { item: 'gao', quantity: 11, to: 'kim-ma' });
		expect(transfer.status).toBe(400);
		expect(((await transfer.json()) as typeof body).errors[0]).toMatchObject({ field: 'quantity', code: 'balance_too_large' });

		expect(await onHand()).toBe(MAX_ON_HAND - 10);
		expect(await rowCounts()).toEqual(before);
		// Up to the limit is still taken: the bound is the column's, not a guess.
		expect((await post('/api/warehouses/kim-ma/receipts', { item: 'gao', quantity: 10 })).status).toBe(201);
		expect(await onHand()).toBe(MAX_ON_HAND);
	});

	it('a count past its bound is refused by name in every count field (no sum can overflow a column)', async () => {
		const before = await rowCounts();
		const big = 10_000_001;
		const cases: Array<[string, Record<string, unknown>, string]> = [
			[
				'/api/wards/kim-ma/case-reports',
				{
					f0NewCommunity: 1,
					f0NewQuarantine: 1,
					f0Active: big,
					f1Traced: 1,
					f1Quarantined: 1,
					f2: 1,
					samplesTested: 1,
					positives: 1,
					vaccineDoses: 1,
					zone: 'orange'
				},
				'f0Active'
			],
			['/api/quarantine/quan-ngua/movements', { kind: 'capacity', amount: big }, 'amount'],
			['/api/warehouses/kim-ma/receipts', { item: 'gao', quantity: big }, 'quantity'],
			['/api/warehouses/kim-ma/issues', { item: 'gao', quantity: big, destinationKind: 'households', destination: 'x' }, 'quantity'],
			['/api/warehouses/kho-quan/transfers', { item: 'gao', quantity: big, to: 'kim-ma' }, 'quantity'],
			[
				`/api/reports/${(await server.current().core.services.reports.list({ kind: 'system', name: 't' }))[0]!.id}/revisions`,
				{ reason: 'x', wards: { 'kim-ma': { vaccineDoses: big } } },
				'wards.kim-ma.vaccineDoses'
			]
		];
		for (const [p, body, field] of cases) {
			const res = await post(p, body);
			expect(res.status, p).toBe(400);
			const answer = (await res.json()) as { errors: Array<{ field: string; code: string }> };
			expect(
				answer.errors.find((e) => e.field === field),
				`${p} ${JSON.stringify(answer.errors)}`
			).toMatchObject({ code: 'too_large' });
		}
		expect(await rowCounts()).toEqual(before);
	});
});
