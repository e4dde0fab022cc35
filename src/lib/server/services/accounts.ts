/**
 * People: accounts, passwords and sessions. Every change is audited in its own transaction;
 * disabling or resetting a person cuts their live connections through the bus.
 */
import { and, asc, eq, inArray, lt, ne, or } from 'drizzle-orm';
import { parseWith, passwordChangeInput, signInInput, userCreateInput, userUpdateInput } from '../../contracts/accounts.ts';
import { fieldError } from '../../contracts/errors.ts';
import { can, keyOfPrincipal, type Principal, type Role } from '../../domain/access.ts';
import { boards as boardsTable, inspectorBoards, sessions, users } from '../db/schema.ts';
import type { Db, Tx } from '../db/client.ts';
import { ForbiddenError, NotFoundError, TooManyRequestsError, UnauthenticatedError, ValidationError } from '../errors.ts';
import { sessionKey, type ControlMessage, type EventBus } from '../realtime/bus.ts';
import type { Inflight } from '../inflight.ts';
import { createCommand } from './command.ts';
import { checkPassword } from '../auth/password-strength.ts';
import type { SignInThrottle } from '../auth/throttle.ts';
import { dummyPasswordHash, hashPassword, newId, newToken, oneTimePassword, tokenHash, verifyPassword } from '../auth/secrets.ts';
import type { District } from './district.ts';
import { record } from './audit.ts';

export interface UserView {
	id: string;
	username: string;
	displayName: string;
	role: Role;
	wardCode: string | null;
	/** An inspector's campaign boards (ids); empty for every other role. */
	boards: string[];
	disabled: boolean;
	mustChangePassword: boolean;
	createdAt: string;
}

export interface SessionPolicy {
	idleMinutes: number;
	maxHours: number;
}

export interface ResolvedSession {
	principal: Extract<Principal, { kind: 'user' }>;
	mustChangePassword: boolean;
	expiresAt: Date;
	/** The session's row id (its token's hash): `session:<id>` tags its live connections. */
	sessionId: string;
}

/** Write lastSeenAt at most this often: a read per request, not a write per request. */
const TOUCH_EVERY_MS = 60_000;

function view(u: typeof users.$inferSelect, boards: string[] = []): UserView {
	return {
		id: u.id,
		username: u.username,
		displayName: u.displayName,
		role: u.role as Role,
		wardCode: u.wardCode,
		boards,
		disabled: u.disabled,
		mustChangePassword: u.mustChangePassword,
		createdAt: u.createdAt.toISOString()
	};
}

function toPrincipal(u: typeof users.$inferSelect, boards: readonly string[] = []): ResolvedSession['principal'] {
	const p: ResolvedSession['principal'] = { kind: 'user', id: u.id, username: u.username, name: u.displayName, role: u.role as Role, wardCode: u.wardCode };
	return u.role === 'inspector' ? { ...p, boards } : p;
}

/** An inspector's boards, in id order (one indexed read, only for inspectors). */
async function boardsOf(exec: Db | Tx, u: typeof users.$inferSelect): Promise<string[]> {
	if (u.role !== 'inspector') return [];
	const rows = await exec
		.select({ id: inspectorBoards.boardId })
		.from(inspectorBoards)
		.where(eq(inspectorBoards.userId, u.id))
		.orderBy(asc(inspectorBoards.boardId));
	return rows.map((r) => r.id);
}

export function createAccountService(deps: {
	db: Db;
	bus: EventBus;
	district: District;
	throttle: SignInThrottle;
	policy: SessionPolicy;
	inflight: Inflight;
	clock: () => Date;
}) {
	const { db, bus, district, throttle, policy, clock } = deps;
	const command = createCommand(deps);

	function requireAdmin(actor: Principal): void {
		if (!can(actor, 'admin:manage')) throw new ForbiddenError('admin:manage');
	}

	function checkWard(wardCode: string | null): void {
		if (wardCode && !district.ward(wardCode)) throw new ValidationError([fieldError('wardCode', 'unknown_ward')]);
	}

	/** An inspector is assigned campaign boards only (the district's and the wards' have their own people). */
	async function checkBoards(ids: readonly string[]): Promise<void> {
		if (!ids.length) return;
		const rows = await db
			.select({ id: boardsTable.id })
			.from(boardsTable)
			.where(and(inArray(boardsTable.id, [...ids]), eq(boardsTable.kind, 'campaign')));
		if (rows.length !== ids.length) throw new ValidationError([fieldError('boards', 'unknown_board')]);
	}

	/** Replaces a person's board assignment, in the command's transaction. */
	async function assignBoards(tx: Tx, userId: string, ids: readonly string[]): Promise<void> {
		await tx.delete(inspectorBoards).where(eq(inspectorBoards.userId, userId));
		if (ids.length) await tx.insert(inspectorBoards).values(ids.map((boardId) => ({ userId, boardId })));
	}

	async function getUser(id: string) {
		const [u] = await db.select().from(users).where(eq(users.id, id));
		if (!u) throw new NotFoundError('user', id);
		return u;
	}

	/** Every live connection of the person ends (published by the write path after the commit). */
	function cut(userId: string, reason: 'disabled' | 'signed_out' | 'password_reset'): ControlMessage {
		return { type: 'access:revoked', principalKey: keyOfPrincipal('user', userId), reason };
	}

	/** Whether a session row is past its idle or absolute limit (or its person disabled) at `now`. */
	function sessionOver(s: typeof sessions.$inferSelect, disabled: boolean, now: Date): boolean {
		return disabled || now >= s.expiresAt || now.getTime() >= s.lastSeenAt.getTime() + policy.idleMinutes * 60_000;
	}

	/** Sessions whose activity was last written (see touch), so an edit stream costs one write a minute. */
	const touched = new Map<string, number>();
	async function touch(id: string, now: Date, lastSeenAt?: Date): Promise<void> {
		const last = Math.max(lastSeenAt?.getTime() ?? 0, touched.get(id) ?? 0);
		if (now.getTime() - last <= TOUCH_EVERY_MS) return;
		if (touched.size > 10_000) touched.clear(); // a cache, not a record: forgetting costs one write
		touched.set(id, now.getTime());
		await db
			.update(sessions)
			.set({ lastSeenAt: now })
			.where(and(eq(sessions.id, id), lt(sessions.lastSeenAt, now)));
	}

	return {
		/**
		 * First run: creates `admin` with ADMIN_PASSWORD, or with a one-time password returned once
		 * (to print to the log) that must be changed at first sign-in. Never a built-in default.
		 */
		async ensureAdmin(adminPassword: string | null): Promise<{ created: false } | { created: true; oneTimePassword: string | null }> {
			const [any] = await db.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).limit(1);
			if (any) return { created: false };
			const otp = adminPassword ? null : oneTimePassword();
			const row = {
				id: newId(),
				username: 'admin',
				displayName: 'Quản trị hệ thống',
				passwordHash: await hashPassword(adminPassword ?? otp!),
				role: 'admin',
				wardCode: null,
				mustChangePassword: !adminPassword
			};
			// Outside the write path: the first start, with no one signed in to authorize or to replay for.
			await db.transaction(async (tx) => {
				await tx.insert(users).values(row).onConflictDoNothing();
				await record(
					tx,
					{ kind: 'system', name: 'system' },
					{
						action: 'user.create',
						entity: 'user',
						entityId: row.id,
						after: { username: row.username, role: row.role, mustChangePassword: row.mustChangePassword }
					}
				);
			});
			return { created: true, oneTimePassword: otp };
		},

		/** Username + password → a new session token. The same answer for unknown users and wrong passwords. */
		async signIn(input: unknown, address: string): Promise<{ token: string; expiresAt: Date; user: UserView }> {
			const parsed = parseWith(signInInput, input);
			if (!parsed.ok) throw new ValidationError(parsed.errors);
			const { username, password } = parsed.value;
			// Counted before the password is verified, atomically (see throttle.ts).
			const wait = await throttle.attempt(username, address);
			if (wait > 0) throw new TooManyRequestsError(wait);
			const [u] = await db.select().from(users).where(eq(users.username, username));
			const ok = await verifyPassword(u?.passwordHash ?? (await dummyPasswordHash()), password);
			if (!u || !ok || u.disabled) throw new UnauthenticatedError();
			await throttle.succeeded(username, address);
			const token = newToken('cps');
			const now = clock();
			const expiresAt = new Date(now.getTime() + policy.maxHours * 3_600_000);
			// Outside the write path: signing in is authorized by the password itself, not by a permission.
			await db.transaction(async (tx) => {
				await tx.insert(sessions).values({ id: tokenHash(token), userId: u.id, createdAt: now, lastSeenAt: now, expiresAt });
				await record(tx, toPrincipal(u), { action: 'session.sign_in', entity: 'user', entityId: u.id });
			});
			return { token, expiresAt, user: view(u) };
		},

		async signOut(token: string): Promise<void> {
			const id = tokenHash(token);
			const [row] = await db.select({ u: users }).from(sessions).innerJoin(users, eq(users.id, sessions.userId)).where(eq(sessions.id, id));
			if (!row) return;
			// Outside the write path: ending one's own session needs no permission and no key; its sockets end below.
			await db.transaction(async (tx) => {
				await tx.delete(sessions).where(eq(sessions.id, id));
				await record(tx, toPrincipal(row.u), { action: 'session.sign_out', entity: 'user', entityId: row.u.id });
			});
			// This session's sockets only: the same person's other devices stay signed in.
			bus.publishControl({ type: 'session:ended', sessionKey: sessionKey(id), reason: 'signed_out' });
		},

		/** A session token → who it is, or null when unknown, expired (idle or absolute) or disabled. */
		async resolveSession(token: string): Promise<ResolvedSession | null> {
			const id = tokenHash(token);
			const [row] = await db.select({ s: sessions, u: users }).from(sessions).innerJoin(users, eq(users.id, sessions.userId)).where(eq(sessions.id, id));
			if (!row) return null;
			const now = clock();
			if (sessionOver(row.s, row.u.disabled, now)) {
				await db.delete(sessions).where(eq(sessions.id, id));
				return null;
			}
			await touch(id, now, row.s.lastSeenAt);
			const expiresAt = new Date(Math.min(row.s.expiresAt.getTime(), now.getTime() + policy.idleMinutes * 60_000));
			return { principal: toPrincipal(row.u, await boardsOf(db, row.u)), mustChangePassword: row.u.mustChangePassword, expiresAt, sessionId: id };
		},

		/**
		 * Of these session ids, the ones that ended (signed out, idle, past their maximum age, person
		 * disabled): one query for all open connections. Unlike resolveSession it does NOT count as
		 * activity — an open socket alone never keeps a session alive.
		 */
		async endedSessions(ids: string[]): Promise<string[]> {
			if (!ids.length) return [];
			const rows = await db
				.select({ s: sessions, disabled: users.disabled })
				.from(sessions)
				.innerJoin(users, eq(users.id, sessions.userId))
				.where(inArray(sessions.id, ids));
			const now = clock();
			const alive = new Set(rows.filter((r) => !sessionOver(r.s, r.disabled, now)).map((r) => r.s.id));
			return ids.filter((id) => !alive.has(id));
		},

		/** An edit over a live connection is activity, like an HTTP request (written at most once a minute). */
		async touchSession(id: string): Promise<void> {
			await touch(id, clock());
		},

		/** Removes expired sessions (housekeeping). */
		async pruneSessions(): Promise<void> {
			const now = clock();
			await db.delete(sessions).where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, new Date(now.getTime() - policy.idleMinutes * 60_000))));
		},

		/**
		 * A new password ends every OTHER session of the person (a stolen session does not survive
		 * the change); `keepSessionToken`, the session making the change, stays signed in.
		 */
		async changePassword(actor: Principal, input: unknown, keepSessionToken: string | null = null): Promise<void> {
			if (actor.kind !== 'user') throw new ForbiddenError('password:change');
			const parsed = parseWith(passwordChangeInput, input);
			if (!parsed.ok) throw new ValidationError(parsed.errors);
			const u = await getUser(actor.id);
			const problem = checkPassword(parsed.value.next, { username: u.username, displayName: u.displayName });
			if (problem) throw new ValidationError([fieldError('next', problem)]);
			if (!(await verifyPassword(u.passwordHash, parsed.value.current))) {
				throw new ValidationError([fieldError('current', 'invalid', 'mật khẩu hiện tại không đúng / current password is wrong')]);
			}
			if (parsed.value.next === parsed.value.current) {
				throw new ValidationError([fieldError('next', 'invalid', 'phải khác mật khẩu cũ / must differ from the old one')]);
			}
			const passwordHash = await hashPassword(parsed.value.next);
			const keep = keepSessionToken ? tokenHash(keepSessionToken) : null;
			await command({
				actor,
				action: null, // one's own password
				operation: 'user.change_password',
				request: { id: u.id },
				run: async (tx) => {
					await tx.update(users).set({ passwordHash, mustChangePassword: false, updatedAt: clock() }).where(eq(users.id, u.id));
					const others = keep ? and(eq(sessions.userId, u.id), ne(sessions.id, keep)) : eq(sessions.userId, u.id);
					const gone = await tx.delete(sessions).where(others).returning({ id: sessions.id });
					return {
						result: undefined,
						audit: [{ entity: 'user', entityId: u.id }],
						events: [],
						// The person's other sessions end on every process; this one stays.
						control: gone.map(({ id }) => ({ type: 'session:ended' as const, sessionKey: sessionKey(id), reason: 'password_changed' as const }))
					};
				}
			});
		},

		async list(actor: Principal): Promise<UserView[]> {
			requireAdmin(actor);
			const all = await db.select().from(users).orderBy(asc(users.username));
			const assigned = await db.select().from(inspectorBoards).orderBy(asc(inspectorBoards.boardId));
			return all.map((u) => view(u, u.role === 'inspector' ? assigned.filter((a) => a.userId === u.id).map((a) => a.boardId) : []));
		},

		async create(actor: Principal, input: unknown): Promise<{ user: UserView; oneTimePassword: string }> {
			requireAdmin(actor);
			const parsed = parseWith(userCreateInput, input);
			if (!parsed.ok) throw new ValidationError(parsed.errors);
			const { boards: boardIds, ...v } = parsed.value;
			checkWard(v.wardCode);
			await checkBoards(boardIds);
			const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.username, v.username));
			if (taken) throw new ValidationError([fieldError('username', 'username_taken')]);
			const otp = oneTimePassword();
			const row = { id: newId(), ...v, passwordHash: await hashPassword(otp), mustChangePassword: true };
			const created = await command({
				actor,
				action: 'admin:manage',
				operation: 'user.create',
				request: parsed.value,
				run: async (tx) => {
					const [u] = await tx.insert(users).values(row).onConflictDoNothing().returning();
					if (!u) throw new ValidationError([fieldError('username', 'username_taken')]);
					await assignBoards(tx, u.id, boardIds);
					return {
						result: u,
						audit: [
							{
								entity: 'user',
								entityId: u.id,
								wardCode: u.wardCode,
								after: { username: u.username, displayName: u.displayName, role: u.role, wardCode: u.wardCode, boards: boardIds }
							}
						],
						events: []
					};
				}
			});
			return { user: view(created, boardIds), oneTimePassword: otp };
		},

		async update(actor: Principal, id: string, input: unknown): Promise<UserView> {
			requireAdmin(actor);
			const parsed = parseWith(userUpdateInput, input);
			if (!parsed.ok) throw new ValidationError(parsed.errors);
			checkWard(parsed.value.wardCode);
			await checkBoards(parsed.value.boards);
			const before = await getUser(id);
			const boardsBefore = await boardsOf(db, before);
			const { boards: boardIds, ...fields } = parsed.value;
			const boardsChanged = boardsBefore.join(',') !== [...boardIds].sort().join(',');
			const updated = await command({
				actor,
				action: 'admin:manage',
				operation: 'user.update',
				request: { id, ...parsed.value },
				run: async (tx) => {
					const [u] = await tx
						.update(users)
						.set({ ...fields, updatedAt: clock() })
						.where(eq(users.id, id))
						.returning();
					await assignBoards(tx, id, boardIds);
					return {
						result: u!,
						audit: [
							{
								entity: 'user',
								entityId: id,
								wardCode: parsed.value.wardCode ?? before.wardCode,
								before: { displayName: before.displayName, role: before.role, wardCode: before.wardCode, boards: boardsBefore },
								after: parsed.value
							}
						],
						events: [],
						// A changed role, ward or board assignment takes effect on live connections at once.
						control: before.role !== u!.role || before.wardCode !== u!.wardCode || boardsChanged ? [cut(id, 'disabled')] : []
					};
				}
			});
			return view(updated, [...boardIds].sort());
		},

		async setDisabled(actor: Principal, id: string, disabled: boolean): Promise<UserView> {
			requireAdmin(actor);
			if (actor.kind === 'user' && actor.id === id && disabled) {
				throw new ValidationError([fieldError('', 'invalid', 'không thể tự khóa tài khoản của mình / you cannot disable yourself')]);
			}
			const before = await getUser(id);
			const updated = await command({
				actor,
				action: 'admin:manage',
				operation: disabled ? 'user.disable' : 'user.enable',
				request: { id },
				run: async (tx) => {
					const [u] = await tx.update(users).set({ disabled, updatedAt: clock() }).where(eq(users.id, id)).returning();
					if (disabled) await tx.delete(sessions).where(eq(sessions.userId, id));
					return {
						result: u!,
						audit: [{ entity: 'user', entityId: id, wardCode: before.wardCode, before: { disabled: before.disabled }, after: { disabled } }],
						events: [],
						control: disabled ? [cut(id, 'disabled')] : []
					};
				}
			});
			return view(updated, await boardsOf(db, updated));
		},

		/** A new one-time password, shown once to the admin; every session of the user ends. */
		async resetPassword(actor: Principal, id: string): Promise<string> {
			requireAdmin(actor);
			const u = await getUser(id);
			const otp = oneTimePassword();
			const passwordHash = await hashPassword(otp);
			await command({
				actor,
				action: 'admin:manage',
				operation: 'user.reset_password',
				request: { id },
				run: async (tx) => {
					await tx.update(users).set({ passwordHash, mustChangePassword: true, updatedAt: clock() }).where(eq(users.id, id));
					await tx.delete(sessions).where(eq(sessions.userId, id));
					return { result: undefined, audit: [{ entity: 'user', entityId: id, wardCode: u.wardCode }], events: [], control: [cut(id, 'password_reset')] };
				}
			});
			return otp;
		}
	};
}

export type AccountService = ReturnType<typeof createAccountService>;
