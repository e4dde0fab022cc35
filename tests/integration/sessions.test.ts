/**
 * Sign-in, throttling, kiosk links and revocation, sessions on live connections, security
 * headers and limits — on the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { KIOSK_COOKIE, SESSION_COOKIE } from '../../src/lib/server/services/auth.ts';
import { signedInUser, SYSTEM, testServer, type TestServerHandle } from '../fixtures/server.ts';

async function until(what: string, ok: () => boolean, ms = 5000): Promise<void> {
	const end = Date.now() + ms;
	while (!ok()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

describe('sessions, kiosks and hardening', () => {
	let server: TestServerHandle;
	let url: string;
	beforeAll(async () => {
		server = await testServer('pglite', { ADMIN_PASSWORD: 'mat-khau-quan-tri-2026' });
		url = (await server.start()).url;
	});
	afterAll(async () => {
		await server?.dispose();
	});
	const services = () => server.current().core.services;

	const signIn = (username: string, password: string) =>
		fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

	it('POST /api/session signs in with an httpOnly, SameSite=Lax cookie (no Secure over plain http); DELETE signs out', async () => {
		const res = await signIn('admin', 'mat-khau-quan-tri-2026');
		expect(res.status).toBe(200);
		const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
		expect(setCookie).toMatch(/HttpOnly/i);
		expect(setCookie).toMatch(/SameSite=Lax/i);
		expect(setCookie).not.toMatch(/Secure/i);
		const cookie = setCookie.split(';')[0]!;
		expect(await (await fetch(`${url}/api/session`, { headers: { cookie } })).json()).toMatchObject({ kind: 'user', username: 'admin', role: 'admin' });
		expect((await fetch(`${url}/api/session`, { method: 'DELETE', headers: { cookie } })).status).toBe(204);
		expect((await fetch(`${url}/api/wards`, { headers: { cookie } })).status).toBe(401);
	});

	it('the same 401 for an unknown user and a wrong password; then 429 with a Vietnamese message', async () => {
		await services().accounts.create(SYSTEM, { username: 'bi.khoa', displayName: 'Bị khóa', role: 'viewer' });
		const unknown = await signIn('khong.ton.tai', 'x');
		const wrong = await signIn('bi.khoa', 'sai-mat-khau');
		expect(unknown.status).toBe(401);
		expect(wrong.status).toBe(401);
		expect(await unknown.json()).toEqual(await wrong.json());
		for (let i = 0; i < 4; i++) expect((await signIn('bi.khoa', 'sai-mat-khau')).status).toBe(401);
		const blocked = await signIn('bi.khoa', 'sai-mat-khau');
		expect(blocked.status).toBe(429);
		expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(((await blocked.json()) as { message: string }).message).toMatch(/Quá nhiều lần đăng nhập sai/);
	});

	it('a person with a one-time password is sent to change it before anything else', async () => {
		const created = await services().accounts.create(SYSTEM, { username: 'moi.vao', displayName: 'Mới vào', role: 'viewer' });
		const res = await signIn('moi.vao', created.oneTimePassword);
		const cookie = res.headers
			.getSetCookie()
			.find((c) => c.startsWith(`${SESSION_COOKIE}=`))!
			.split(';')[0]!;
		const wall = await fetch(`${url}/wall`, { redirect: 'manual', headers: { cookie } });
		expect(wall.status).toBe(303);
		expect(wall.headers.get('location')).toBe('/account/password');
		expect((await fetch(`${url}/api/wards`, { headers: { cookie } })).status).toBe(403);
	});

	it('a TV opens /wall?kiosk=<token> once: the token moves into a long-lived cookie and out of the URL', async () => {
		const { token } = await services().tokens.kiosks.create(SYSTEM, { name: 'TV 2' });
		const res = await fetch(`${url}/wall?kiosk=${token}&lang=en`, { redirect: 'manual' });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/wall?lang=en');
		const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(`${KIOSK_COOKIE}=`))!;
		expect(setCookie).toMatch(/HttpOnly/i);
		expect(Number(/Max-Age=(\d+)/i.exec(setCookie)?.[1])).toBeGreaterThan(365 * 24 * 3600);
		const page = await fetch(`${url}/wall?lang=en`, { headers: { cookie: setCookie.split(';')[0]! } });
		expect(page.status).toBe(200);
		expect((await fetch(`${url}/wall?kiosk=cpk_forged`, { redirect: 'manual' })).status).toBe(403);
	});

	it('revoking a kiosk token blanks its live wall within seconds and its page shows the revoked screen, not a login', async () => {
		const {
			kiosk: { id },
			token
		} = await services().tokens.kiosks.create(SYSTEM, { name: 'TV 3' });
		const cookie = `${KIOSK_COOKIE}=${token}`;
		const sock: Socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie } });
		const ended: string[] = [];
		sock.on('access:ended', (i: { reason: string }) => ended.push(i.reason));
		await until('kiosk connected', () => sock.connected);
		const t0 = Date.now();
		await services().tokens.kiosks.revoke(SYSTEM, id);
		await until('kiosk disconnected', () => !sock.connected, 3000);
		expect(Date.now() - t0).toBeLessThan(3000);
		expect(ended).toEqual(['revoked']);
		sock.close();

		const page = await fetch(`${url}/wall`, { redirect: 'manual', headers: { cookie } });
		expect(page.status).toBe(403);
		expect(await page.text()).toContain('Màn hình này đã bị thu hồi quyền truy cập');
		const again: Socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie } });
		const err = await new Promise<string>((r) => again.once('connect_error', (e) => r(e.message)));
		expect(err).toBe('unauthorized');
		again.close();
	});

	it('disabling a person cuts their open socket at once', async () => {
		const u = await signedInUser(services(), 'viewer');
		const sock: Socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie: u.cookie } });
		await until('connected', () => sock.connected);
		if (u.principal.kind !== 'user') throw new Error('expected a user');
		await services().accounts.setDisabled(SYSTEM, u.principal.id, true);
		await until('disconnected', () => !sock.connected, 3000);
		sock.close();
	});

	it('pages carry a CSP with frame-ancestors none, nosniff, no framing; no stack traces in errors', async () => {
		const res = await fetch(`${url}/login`);
		const csp = res.headers.get('content-security-policy') ?? '';
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).toContain("default-src 'self'");
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('x-frame-options')).toBe('DENY');
		expect(res.headers.get('referrer-policy')).toBe('same-origin');
	});

	it('refuses request bodies over the limit without saving', async () => {
		const cookie = (await signedInUser(services(), 'admin')).cookie;
		const huge = JSON.stringify({ note: 'x'.repeat(400 * 1024) });
		const res = await fetch(`${url}/api/wards/kim-ma/case-reports`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: huge });
		expect([400, 413]).toContain(res.status);
		const history = await (await fetch(`${url}/api/wards/kim-ma/case-reports`, { headers: { cookie } })).json();
		expect(history).toEqual([]);
	});

	it('sign-in and sign-out are in the audit log', async () => {
		const entries = await services().audit.list(SYSTEM, { entity: 'user' });
		const actions = entries.map((e) => e.action);
		expect(actions).toContain('session.sign_in');
		expect(actions).toContain('session.sign_out');
		expect(actions).toContain('user.disable');
	});
});
