/**
 * Accounts, sessions, tokens and their audit entries on a real database (PGlite, and
 * PostgreSQL when TEST_DATABASE_URL is set). Time is an injected clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { auditLog, kioskTokens } from '../../src/lib/server/db/schema.ts';
import { eq } from 'drizzle-orm';
import { createServices, type Services } from '../../src/lib/server/services/index.ts';
import { createLocalBus, type ControlMessage } from '../../src/lib/server/realtime/bus.ts';
import { ForbiddenError, TooManyRequestsError, UnauthenticatedError, ValidationError } from '../../src/lib/server/errors.ts';
import type { Principal } from '../../src/lib/domain/access.ts';
import { readDistrictDefinition } from '../../server/core.ts';
import { BA_DINH, DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../fixtures/db.ts';


describe.each(DATABASE_KINDS)('accounts on %s', (kind) => {
	let t: TestDatabase;
	let s: Services;
	let now = new Date('2026-11-22T01:00:00.000Z');
	const control: ControlMessage[] = [];
	let admin: Principal;

	beforeAll(async () => {
		t = await openTestDatabase(kind);
		const bus = createLocalBus();
		bus.subscribeControl((m) => control.push(m));
		s = await createServices({
			database: t.database,
			bus,
			definition: await readDistrictDefinition(BA_DINH),
			sessionPolicy: { idleMinutes: 60, maxHours: 4 },
			throttle: { perPair: 3, perAddress: 10, perAccount: 3, slowSeconds: 60, windowSeconds: 60 },
			clock: () => now
		});
	});
	afterAll(async () => {
		await t?.dispose();
	});

	const auditCount = async () => {
		const [r] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
		return r!.n;
	};

	it('first run creates admin with a one-time password that must be changed; never twice', async () => {
		const first = await s.accounts.ensureAdmin(null);
		if (!first.created || !first.oneTimePassword) throw new Error('expected a one-time password');
		expect(first.oneTimePassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
		expect(await s.accounts.ensureAdmin('another-password')).toEqual({ created: false });

		const signedIn = await s.accounts.signIn({ username: 'ADMIN ', password: first.oneTimePassword }, '10.0.0.1');
		expect(signedIn.user.mustChangePassword).toBe(true);
		const session = await s.accounts.resolveSession(signedIn.token);
		expect(session?.mustChangePassword).toBe(true);
		admin = session!.principal;

		await expect(
			s.accounts.changePassword(admin, { current: first.oneTimePassword, next: 'short', confirm: 'short' })
		).rejects.toSatisfy((e: unknown) => e instanceof ValidationError && e.errors[0]?.code === 'password_too_short');
		await expect(
			s.accounts.changePassword(admin, { current: 'wrong', next: 'Mật-khẩu-mới-2026', confirm: 'Mật-khẩu-mới-2026' })
		).rejects.toBeInstanceOf(ValidationError);
		// The session making the change stays signed in (the person's other sessions would end).
		await s.accounts.changePassword(
			admin,
			{ current: first.oneTimePassword, next: 'Mật-khẩu-mới-2026', confirm: 'Mật-khẩu-mới-2026' },
			signedIn.token
		);
		expect((await s.accounts.resolveSession(signedIn.token))?.mustChangePassword).toBe(false);
	});

	it('unknown user and wrong password get the same refusal; throttled per account with 429', async () => {
		await expect(s.accounts.signIn({ username: 'nobody', password: 'x' }, '10.0.0.2')).rejects.toBeInstanceOf(UnauthenticatedError);
		for (let i = 0; i < 3; i++) {
			await expect(s.accounts.signIn({ username: 'admin', password: 'wrong' }, `10.0.1.${i}`)).rejects.toBeInstanceOf(
				UnauthenticatedError
			);
		}
		// Past perAccount the account is slowed, not locked: one attempt per slowSeconds, from anywhere…
		await expect(s.accounts.signIn({ username: 'admin', password: 'wrong' }, '10.0.2.1')).rejects.toBeInstanceOf(UnauthenticatedError);
		// …so the next one waits, even with the right password and from a new address.
		await expect(s.accounts.signIn({ username: 'admin', password: 'Mật-khẩu-mới-2026' }, '10.0.2.2')).rejects.toBeInstanceOf(
			TooManyRequestsError
		);
	});

	it('creates a ward commander (audited), refuses bad input without an audit row', async () => {
		const before = await auditCount();
		await expect(s.accounts.create(admin, { username: 'chi-huy.km', displayName: 'Lê Văn Nam', role: 'ward_commander' })).rejects.toSatisfy(
			(e: unknown) => e instanceof ValidationError && e.errors[0]?.code === 'ward_required'
		);
		await expect(
			s.accounts.create(admin, { username: 'Có Dấu', displayName: 'x', role: 'viewer' })
		).rejects.toSatisfy((e: unknown) => e instanceof ValidationError && e.errors[0]?.code === 'bad_username');
		await expect(
			s.accounts.create(admin, { username: 'x.y', displayName: 'x', role: 'ward_staff', wardCode: 'khong-co' })
		).rejects.toSatisfy((e: unknown) => e instanceof ValidationError && e.errors[0]?.code === 'unknown_ward');
		expect(await auditCount()).toBe(before);

		const created = await s.accounts.create(admin, { username: 'chi-huy.km', displayName: 'Lê Văn Nam', role: 'ward_commander', wardCode: 'kim-ma' });
		expect(created.user).toMatchObject({ username: 'chi-huy.km', role: 'ward_commander', wardCode: 'kim-ma', mustChangePassword: true });
		expect(await auditCount()).toBe(before + 1);
		await expect(
			s.accounts.create(admin, { username: 'chi-huy.km', displayName: 'again', role: 'viewer' })
		).rejects.toSatisfy((e: unknown) => e instanceof ValidationError && e.errors[0]?.code === 'username_taken');
		expect(await auditCount()).toBe(before + 1);

		const ward = created.user;
		const commander: Principal = { kind: 'user', id: ward.id, username: ward.username, name: ward.displayName, role: 'ward_commander', wardCode: 'kim-ma' };
		await expect(s.accounts.create(commander, { username: 'zz.zz', displayName: 'x', role: 'admin' })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(s.accounts.list(commander)).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('sessions end after the idle limit and after the absolute limit', async () => {
		const u = await s.accounts.create(admin, { username: 'xem.1', displayName: 'Người xem', role: 'viewer' });
		const login = await s.accounts.signIn({ username: 'xem.1', password: u.oneTimePassword }, '10.0.3.1');
		const t0 = now;
		// Active every 50 minutes: idle limit (60) never reached…
		for (let m = 50; m <= 200; m += 50) {
			now = new Date(t0.getTime() + m * 60_000);
			expect(await s.accounts.resolveSession(login.token)).not.toBeNull();
		}
		// …but the absolute limit (4 h) ends it.
		now = new Date(t0.getTime() + 4 * 3_600_000 + 1000);
		expect(await s.accounts.resolveSession(login.token)).toBeNull();

		const again = await s.accounts.signIn({ username: 'xem.1', password: u.oneTimePassword }, '10.0.3.1');
		now = new Date(now.getTime() + 61 * 60_000);
		expect(await s.accounts.resolveSession(again.token)).toBeNull();
	});

	it('disabling a person ends their sessions and cuts live connections; a reset does too', async () => {
		const u = await s.accounts.create(admin, { username: 'can-bo.km', displayName: 'Cán bộ', role: 'ward_staff', wardCode: 'kim-ma' });
		const login = await s.accounts.signIn({ username: 'can-bo.km', password: u.oneTimePassword }, '10.0.4.1');
		control.length = 0;
		await s.accounts.setDisabled(admin, u.user.id, true);
		expect(await s.accounts.resolveSession(login.token)).toBeNull();
		expect(control).toEqual([{ type: 'access:revoked', principalKey: `user:${u.user.id}`, reason: 'disabled' }]);
		await expect(s.accounts.signIn({ username: 'can-bo.km', password: u.oneTimePassword }, '10.0.4.1')).rejects.toBeInstanceOf(
			UnauthenticatedError
		);
		await s.accounts.setDisabled(admin, u.user.id, false);
		const otp = await s.accounts.resetPassword(admin, u.user.id);
		const fresh = await s.accounts.signIn({ username: 'can-bo.km', password: otp }, '10.0.4.1');
		expect(fresh.user.mustChangePassword).toBe(true);
	});

	it('kiosk tokens: shown once, stored hashed, resolve until revoked, revocation cuts live walls', async () => {
		const { kiosk, token } = await s.tokens.kiosks.create(admin, { name: 'TV phòng điều hành 1' });
		expect(token).toMatch(/^cpk_/);
		const [row] = await t.database.db.select().from(kioskTokens).where(eq(kioskTokens.id, kiosk.id));
		expect(row?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
		expect(row?.tokenHash).not.toContain(token.slice(4));
		expect(await s.tokens.kiosks.resolve(token)).toMatchObject({ kind: 'kiosk', id: kiosk.id });
		expect((await s.tokens.kiosks.list(admin))[0]?.lastUsedAt).not.toBeNull();
		control.length = 0;
		await s.tokens.kiosks.revoke(admin, kiosk.id);
		expect(await s.tokens.kiosks.resolve(token)).toBeNull();
		expect(control).toEqual([{ type: 'access:revoked', principalKey: `kiosk:${kiosk.id}`, reason: 'revoked' }]);
		const auth = await s.auth.authenticate({ kioskToken: token });
		expect(auth).toMatchObject({ principal: null, problem: 'kiosk_revoked' });
	});

	it('API tokens: scoped to wards and read/write; unknown wards refused; revocable', async () => {
		await expect(s.tokens.api.create(admin, { name: 'Lab', access: 'write', wards: ['khong-co'] })).rejects.toBeInstanceOf(ValidationError);
		const { apiToken, token } = await s.tokens.api.create(admin, { name: 'Phòng xét nghiệm', access: 'write', wards: ['kim-ma'] });
		expect(apiToken.wards).toEqual(['kim-ma']);
		const p = await s.tokens.api.resolve(token);
		expect(p).toMatchObject({ kind: 'api', access: 'write', wards: ['kim-ma'] });
		await s.tokens.api.revoke(admin, apiToken.id);
		expect(await s.auth.authenticate({ bearer: token })).toMatchObject({ principal: null, problem: 'invalid_token' });
		const entries = await s.audit.list(admin, { entity: 'api_token' });
		expect(entries.map((e) => e.action)).toEqual(['api_token.revoke', 'api_token.create']);
		await expect(s.audit.list({ kind: 'kiosk', id: 'x', name: 'x' }, {})).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('the system principal is never a sign-in', async () => {
		expect(await s.auth.authenticate({})).toMatchObject({ principal: null, problem: 'none' });
	});
});
