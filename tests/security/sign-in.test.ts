/**
 * Sign-in holds under a burst (issue 10.11): the throttle is counted atomically (parallel guesses
 * are limited as serial ones), a stranger cannot lock a known account out (the pair account +
 * address is locked; the account alone only slowed), a client cannot pick its own address with
 * X-Forwarded-For unless TRUST_PROXY, weak passwords are refused naming the field, and a session
 * still on its one-time password gets nothing on socket.io or /yjs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { users } from '../../src/lib/server/db/schema.ts';
import { DEFAULT_THROTTLE } from '../../src/lib/server/auth/throttle.ts';
import { DATABASE_KINDS } from '../fixtures/db.ts';
import { signedInUser, SYSTEM, testServer, type TestServerHandle } from '../fixtures/server.ts';
import { waitFor, yjsClient } from '../fixtures/collab.ts';
import { connectError, liveClient, postJson, sessionCookieOf } from './sessions-fixtures.ts';

const WARD_BOARD = 'board:ward:kim-ma';
const PASSWORD = 'chuong-gio-thu-hai-2026';

describe.each(DATABASE_KINDS)('sign-in under a burst (%s)', (kind) => {
	let server: TestServerHandle;
	let url: string;
	const services = () => server.current().core.services;
	const signIn = (username: string, password: string, opts: Parameters<typeof postJson>[2] = {}) =>
		postJson(`${url}/api/session`, { username, password }, opts);
	/** A person with a known password (not a one-time one). */
	const person = async (username: string) => {
		const c = await services().accounts.create(SYSTEM, { username, displayName: `Người ${username}`, role: 'viewer' });
		const p = { kind: 'user' as const, id: c.user.id, username, name: c.user.displayName, role: 'viewer' as const, wardCode: null };
		await services().accounts.changePassword(p, { current: c.oneTimePassword, next: PASSWORD, confirm: PASSWORD });
		return p;
	};

	beforeAll(async () => {
		server = await testServer(kind);
		url = (await server.start()).url;
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('40 parallel wrong guesses against one account are evaluated exactly as 40 serial ones: 5, then 429', async () => {
		await person('song.song');
		const answers = await Promise.all(Array.from({ length: 40 }, () => signIn('song.song', 'doan-sai-mat-khau')));
		const count = (s: number) => answers.filter((a) => a.status === s).length;
		console.log(`[sign-in] ${kind}: 40 parallel guesses → ${count(401)} × 401 (evaluated), ${count(429)} × 429`);
		expect(count(401)).toBe(DEFAULT_THROTTLE.perPair);
		expect(count(429)).toBe(40 - DEFAULT_THROTTLE.perPair);
		const refused = answers.find((a) => a.status === 429)!;
		expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
		expect(JSON.parse(refused.body).message).toMatch(/Quá nhiều|thử lại/i);
		// Even the right password waits now, from this address.
		expect((await signIn('song.song', PASSWORD)).status).toBe(429);
	});

	it('a stranger failing 40 times from one address does not stop the owner signing in from another', async () => {
		await person('chu.tai-khoan');
		for (let i = 0; i < 40; i++) await signIn('chu.tai-khoan', `sai-${i}`, { localAddress: '127.0.0.1' });
		const owner = await signIn('chu.tai-khoan', PASSWORD, { localAddress: '127.0.0.2' });
		expect(owner.status).toBe(200);
		sessionCookieOf(owner.headers);
	});

	it('without TRUST_PROXY a client cannot pick fresh addresses with X-Forwarded-For', async () => {
		await person('gia.mao');
		const answers = [];
		for (let i = 0; i < 10; i++) {
			answers.push((await signIn('gia.mao', 'sai', { localAddress: '127.0.0.3', headers: { 'x-forwarded-for': `10.1.1.${i}` } })).status);
		}
		expect(answers.filter((s) => s === 401)).toHaveLength(DEFAULT_THROTTLE.perPair);
		expect(answers.slice(DEFAULT_THROTTLE.perPair).every((s) => s === 429)).toBe(true);
	});

	it('weak passwords are refused naming the field, with a Vietnamese reason; nothing changes', async () => {
		const u = await signedInUser(services(), 'viewer');
		const before = (await services().database.db.select().from(users).where(eq(users.username, u.username)))[0]!;
		const weak: Array<[string, RegExp]> = [
			['1234567890123', /chỉ gồm chữ số/],
			[`${u.username}-2026!`, /chứa tên đăng nhập/],
			[`${u.username.toUpperCase()}xyz`, /chứa tên đăng nhập/],
			['password1234', /dễ đoán/],
			['qwertyuiop12', /dễ đoán/],
			['ngắn', /ít nhất 10 ký tự/]
		];
		for (const [next, reason] of weak) {
			const res = await fetch(`${url}/account/password`, {
				method: 'POST',
				headers: { cookie: u.cookie, origin: url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ current: u.password, next, confirm: next }).toString()
			});
			expect(res.status, next).toBe(400);
			const html = await res.text();
			expect(html, next).toMatch(/data-error-for="next"/);
			expect(html, next).toMatch(reason);
		}
		const after = (await services().database.db.select().from(users).where(eq(users.username, u.username)))[0]!;
		expect(after.passwordHash).toBe(before.passwordHash);
		expect((await signIn(u.username, u.password, { localAddress: '127.0.0.4' })).status).toBe(200);
	});

	it('a session still on its one-time password gets nothing on socket.io or /yjs until it is changed', async () => {
		const c = await services().accounts.create(SYSTEM, { username: 'mot.lan', displayName: 'Một lần', role: 'district_commander' });
		const res = await signIn('mot.lan', c.oneTimePassword, { localAddress: '127.0.0.5' });
		expect(res.status).toBe(200);
		const cookie = sessionCookieOf(res.headers);

		const live = liveClient(url, { cookie });
		expect(await connectError(live)).toEqual({ message: 'forbidden', reason: 'must_change_password' });
		live.sock.close();
		const y = yjsClient(url, WARD_BOARD, { cookie });
		try {
			await waitFor('/yjs refused with 4403', () => y.closes.includes(4403));
			expect(y.provider.synced).toBe(false);
		} finally {
			y.destroy();
		}

		// Changed: the same session now gets both.
		const next = 'Sáng-thứ-hai-họp-giao-ban';
		const changed = await fetch(`${url}/account/password`, {
			method: 'POST',
			redirect: 'manual',
			headers: { cookie, origin: url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ current: c.oneTimePassword, next, confirm: next }).toString()
		});
		expect(changed.status).toBe(303);
		const ok = liveClient(url, { cookie });
		await waitFor('socket.io connected', () => ok.sock.connected);
		ok.sock.close();
	});
});

describe.each(DATABASE_KINDS)('sign-in behind a trusted proxy (%s)', (kind) => {
	let server: TestServerHandle;
	let url: string;
	beforeAll(async () => {
		server = await testServer(kind, { TRUST_PROXY: 'true' });
		url = (await server.start()).url;
		const s = server.current().core.services;
		const c = await s.accounts.create(SYSTEM, { username: 'sau.proxy', displayName: 'Sau proxy', role: 'viewer' });
		const p = { kind: 'user' as const, id: c.user.id, username: 'sau.proxy', name: c.user.displayName, role: 'viewer' as const, wardCode: null };
		await s.accounts.changePassword(p, { current: c.oneTimePassword, next: PASSWORD, confirm: PASSWORD });
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('the address is the last X-Forwarded-For hop: a stranger locked at one does not lock the owner at another', async () => {
		const via = (client: string, password: string) =>
			postJson(`${url}/api/session`, { username: 'sau.proxy', password }, { headers: { 'x-forwarded-for': `1.2.3.4, ${client}` } });
		const stranger = [];
		for (let i = 0; i < 10; i++) stranger.push((await via('203.0.113.7', 'sai')).status);
		expect(stranger.filter((s) => s === 429)).toHaveLength(10 - DEFAULT_THROTTLE.perPair);
		expect((await via('203.0.113.8', PASSWORD)).status).toBe(200);
	});
});
