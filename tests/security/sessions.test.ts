/**
 * Ending access ends it everywhere, at once (issue 10.5): each way a principal's access ends
 * closes its open socket.io AND /yjs connections within seconds, and an edit it makes afterwards
 * (reconnecting with the old credential) is never stored. A session also ends by itself while its
 * sockets stay open (idle, maximum age): an open socket is not activity; a /yjs edit is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { sessions } from '../../src/lib/server/db/schema.ts';
import { KIOSK_COOKIE, SESSION_COOKIE } from '../../src/lib/server/services/auth.ts';
import { tokenHash } from '../../src/lib/server/auth/secrets.ts';
import { DATABASE_KINDS } from '../fixtures/db.ts';
import { kioskToken, signedInUser, SYSTEM, testServer, type TestServerHandle } from '../fixtures/server.ts';
import { waitFor, type ClientOpts } from '../fixtures/collab.ts';
import { closeBoth, cut, edit, laterEditNotStored, openBoth, sessionCookieOf, type Both } from './sessions-fixtures.ts';

const WARD = 'kim-ma';
const OTHER_WARD = 'ngoc-ha';
const WARD_BOARD = `board:ward:${WARD}`;
const DISTRICT_BOARD = 'board:district';
const RECHECK_SECONDS = 1;

describe.each(DATABASE_KINDS)('ending access closes socket.io and /yjs at once (%s)', (kind) => {
	let server: TestServerHandle;
	let url: string;
	let admin: ClientOpts;
	const open: Both[] = [];
	const both = async (doc: string, opts: ClientOpts) => {
		const b = await openBoth(url, doc, opts);
		open.push(b);
		return b;
	};
	const services = () => server.current().core.services;
	const db = () => services().database.db;
	const sessionRow = async (cookie: string) =>
		(
			await db()
				.select()
				.from(sessions)
				.where(eq(sessions.id, tokenHash(cookie.slice(SESSION_COOKIE.length + 1))))
		)[0];
	/** A second sign-in of the same person: another device. */
	const secondDevice = async (username: string, password: string) => {
		const res = await fetch(`${url}/api/session`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username, password })
		});
		expect(res.status).toBe(200);
		return sessionCookieOf(res.headers);
	};
	const form = (path: string, cookie: string, fields: Record<string, string> = {}) =>
		fetch(`${url}${path}`, {
			method: 'POST',
			redirect: 'manual',
			headers: { cookie, origin: url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(fields).toString()
		});

	beforeAll(async () => {
		server = await testServer(kind, { ACCESS_RECHECK_SECONDS: String(RECHECK_SECONDS) });
		url = (await server.start()).url;
		admin = { cookie: (await signedInUser(services(), 'admin')).cookie };
	});
	afterAll(async () => {
		for (const b of open) closeBoth(b);
		await server?.dispose();
	});

	it('signing out (POST /logout) ends THAT session’s connections; the same person’s other device stays', async () => {
		const u = await signedInUser(services(), 'ward_commander', WARD);
		const other = await both(WARD_BOARD, { cookie: await secondDevice(u.username, u.password) });
		const b = await both(WARD_BOARD, { cookie: u.cookie });
		expect((await form('/logout', u.cookie)).status).toBe(303);
		const ms = await cut(b, 3000);
		expect(b.live.ended).toEqual(['signed_out']);
		await laterEditNotStored(server, url, WARD_BOARD, b, admin);
		expect(other.live.sock.connected).toBe(true);
		expect(other.yjs.provider.wsconnected).toBe(true);
		console.log(`[sessions] ${kind}: POST /logout closed socket.io + /yjs in ${ms} ms`);
	});

	it('DELETE /api/session ends that session’s connections', async () => {
		const u = await signedInUser(services(), 'ward_commander', WARD);
		const b = await both(WARD_BOARD, { cookie: u.cookie });
		expect((await fetch(`${url}/api/session`, { method: 'DELETE', headers: { cookie: u.cookie, origin: url } })).status).toBe(204);
		await cut(b, 3000);
		await laterEditNotStored(server, url, WARD_BOARD, b, admin);
	});

	it('a password change ends every OTHER session of the person; the session that changed it stays', async () => {
		const u = await signedInUser(services(), 'ward_commander', WARD);
		const stolen = await both(WARD_BOARD, { cookie: await secondDevice(u.username, u.password) });
		const mine = await both(WARD_BOARD, { cookie: u.cookie });
		const next = 'Đổi-mật-khẩu-ngày-mai-2027';
		const res = await form('/account/password', u.cookie, { current: u.password, next, confirm: next });
		expect(res.status, await res.clone().text()).toBe(303);
		await cut(stolen, 3000);
		expect(stolen.live.ended).toEqual(['password_changed']);
		await laterEditNotStored(server, url, WARD_BOARD, stolen, admin);
		expect(mine.live.sock.connected).toBe(true);
		expect(mine.yjs.provider.wsconnected).toBe(true);
		expect((await fetch(`${url}/api/session`, { headers: { cookie: u.cookie } })).status).toBe(200);
	});

	it('an admin password reset, a disable and a ward change each end every connection of the person', async () => {
		for (const end of ['reset', 'disable', 'ward'] as const) {
			const u = await signedInUser(services(), 'ward_commander', WARD);
			if (u.principal.kind !== 'user') throw new Error('expected a user');
			const devices = [await both(WARD_BOARD, { cookie: u.cookie }), await both(WARD_BOARD, { cookie: await secondDevice(u.username, u.password) })];
			if (end === 'reset') await services().accounts.resetPassword(SYSTEM, u.principal.id);
			if (end === 'disable') await services().accounts.setDisabled(SYSTEM, u.principal.id, true);
			if (end === 'ward') {
				await services().accounts.update(SYSTEM, u.principal.id, { displayName: u.principal.name, role: 'ward_commander', wardCode: OTHER_WARD });
			}
			for (const d of devices) {
				await cut(d, 3000);
				// Moved to another ward, the person may no longer open this ward's board at all.
				await laterEditNotStored(server, url, WARD_BOARD, d, admin);
			}
		}
	});

	it('a revoked API token and a revoked kiosk lose their connections at once', async () => {
		const api = await services().tokens.api.create(SYSTEM, { name: 'hệ thống ngoài', access: 'write', wards: null });
		const a = await both(WARD_BOARD, { token: api.token });
		await services().tokens.api.revoke(SYSTEM, api.apiToken.id);
		await cut(a, 3000);
		await laterEditNotStored(server, url, WARD_BOARD, a, admin);

		const kiosk = await kioskToken(services(), 'TV bị thu hồi');
		const k = await both(DISTRICT_BOARD, { cookie: `${KIOSK_COOKIE}=${kiosk.token}` });
		await services().tokens.kiosks.revoke(SYSTEM, kiosk.id);
		await cut(k, 3000);
		expect(k.live.ended).toEqual(['revoked']);
	});

	it('an idle session ends while its sockets stay open (an open socket is not activity), within seconds', async () => {
		const u = await signedInUser(services(), 'ward_commander', WARD);
		const b = await both(WARD_BOARD, { cookie: u.cookie });
		const idleMs = server.current().core.config.sessionIdleMinutes * 60_000;
		// As if the person had done nothing for the whole idle period, sockets open all along.
		const row = (await sessionRow(u.cookie))!;
		await db()
			.update(sessions)
			.set({ lastSeenAt: new Date(Date.now() - idleMs - 1000) })
			.where(eq(sessions.id, row.id));
		const ms = await cut(b, RECHECK_SECONDS * 1000 + 4000);
		expect(b.live.ended).toEqual(['expired']);
		await laterEditNotStored(server, url, WARD_BOARD, b, admin);
		console.log(`[sessions] ${kind}: idle session's socket.io + /yjs closed ${ms} ms after it became idle (re-check every ${RECHECK_SECONDS} s)`);
	});

	it('a session past its maximum age ends while its sockets stay open', async () => {
		const u = await signedInUser(services(), 'ward_commander', WARD);
		const b = await both(WARD_BOARD, { cookie: u.cookie });
		const row = (await sessionRow(u.cookie))!;
		await db()
			.update(sessions)
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.where(eq(sessions.id, row.id));
		await cut(b, RECHECK_SECONDS * 1000 + 4000);
		await laterEditNotStored(server, url, WARD_BOARD, b, admin);
	});

	it('re-checks do not keep a session alive; a /yjs edit does (it is activity); a kiosk never idles out', async () => {
		const u = await signedInUser(services(), 'ward_commander', WARD);
		const b = await both(WARD_BOARD, { cookie: u.cookie });
		const kiosk = await kioskToken(services(), 'TV trực');
		const k = await both(DISTRICT_BOARD, { cookie: `${KIOSK_COOKIE}=${kiosk.token}` });
		const row = (await sessionRow(u.cookie))!;
		const old = new Date(Date.now() - 5 * 60_000);
		await db().update(sessions).set({ lastSeenAt: old }).where(eq(sessions.id, row.id));
		// Count the re-checks by wrapping the one the watcher calls.
		const auth = services().auth;
		const original = auth.endedAccess;
		let checks = 0;
		auth.endedAccess = async (keys) => {
			checks++;
			return original(keys);
		};
		try {
			await waitFor('three access re-checks', () => checks >= 3, RECHECK_SECONDS * 1000 * 3 + 5000);
		} finally {
			auth.endedAccess = original;
		}
		expect((await sessionRow(u.cookie))!.lastSeenAt.getTime()).toBe(old.getTime());
		expect(k.live.sock.connected && k.yjs.provider.wsconnected).toBe(true);
		expect(b.live.sock.connected && b.yjs.provider.wsconnected).toBe(true);

		edit(b.yjs.doc, 'một thay đổi là hoạt động / an edit is activity');
		const seen = async () => (await sessionRow(u.cookie))!.lastSeenAt.getTime() > old.getTime();
		let touched = false;
		await waitFor('the edit recorded as activity', () => {
			void seen().then((v) => (touched ||= v));
			return touched;
		});
	});
});
