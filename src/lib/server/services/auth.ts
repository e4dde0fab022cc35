/**
 * Credentials → principal, the same way for every door: page requests, the JSON API, socket.io
 * handshakes and Yjs upgrades.
 */
import { keyOfPrincipal, principalKey, type Principal } from '../../domain/access.ts';
import { sessionIdOf, sessionKey } from '../realtime/bus.ts';
import type { AccountService } from './accounts.ts';
import type { TokenService } from './tokens.ts';

export const SESSION_COOKIE = 'cp_session';
export const KIOSK_COOKIE = 'cp_kiosk';

export interface Credentials {
	/** Authorization: Bearer … (API tokens; kiosk tokens are accepted too). */
	bearer?: string | null;
	sessionToken?: string | null;
	kioskToken?: string | null;
}

export type Authentication =
	| {
			principal: Principal;
			mustChangePassword: boolean;
			problem: null;
			/** `session:<id>` when a person's session authenticated, for cutting that session alone. */
			sessionKey: string | null;
	  }
	| { principal: null; mustChangePassword: false; problem: 'none' | 'invalid_token' | 'kiosk_revoked' | 'session_ended' };

/** The tags of a live connection so authenticated: its principal, and its session when it has one. */
export function accessKeys(a: Extract<Authentication, { problem: null }>): string[] {
	return a.sessionKey ? [principalKey(a.principal), a.sessionKey] : [principalKey(a.principal)];
}

export function createAuthService(deps: { accounts: AccountService; tokens: TokenService }) {
	const { accounts, tokens } = deps;
	return {
		/**
		 * A bearer token wins (a system speaks for itself); then the session cookie (a person at a
		 * kiosk's screen signing in acts as themself); then the kiosk cookie.
		 */
		async authenticate(c: Credentials): Promise<Authentication> {
			if (c.bearer) {
				const p = c.bearer.startsWith('cpk_') ? await tokens.kiosks.resolve(c.bearer) : await tokens.api.resolve(c.bearer);
				return p
					? { principal: p, mustChangePassword: false, problem: null, sessionKey: null }
					: { principal: null, mustChangePassword: false, problem: 'invalid_token' };
			}
			if (c.sessionToken) {
				const s = await accounts.resolveSession(c.sessionToken);
				if (s) return { principal: s.principal, mustChangePassword: s.mustChangePassword, problem: null, sessionKey: sessionKey(s.sessionId) };
				if (!c.kioskToken) return { principal: null, mustChangePassword: false, problem: 'session_ended' };
			}
			if (c.kioskToken) {
				const k = await tokens.kiosks.resolve(c.kioskToken);
				return k
					? { principal: k, mustChangePassword: false, problem: null, sessionKey: null }
					: { principal: null, mustChangePassword: false, problem: 'kiosk_revoked' };
			}
			return { principal: null, mustChangePassword: false, problem: 'none' };
		},

		/**
		 * Of these connection tags (see accessKeys), the ones whose access has ended: sessions over
		 * their idle or maximum age or gone, kiosk and API tokens revoked. Three indexed queries
		 * whatever the number of connections; reads only (an open socket is not activity).
		 */
		async endedAccess(keys: Iterable<string>): Promise<string[]> {
			const ids = { session: [] as string[], kiosk: [] as string[], api: [] as string[] };
			for (const key of new Set(keys)) {
				const session = sessionIdOf(key);
				if (session !== null) ids.session.push(session);
				else if (key.startsWith('kiosk:')) ids.kiosk.push(key.slice('kiosk:'.length));
				else if (key.startsWith('api:')) ids.api.push(key.slice('api:'.length));
			}
			const [s, k, a] = await Promise.all([accounts.endedSessions(ids.session), tokens.kiosks.ended(ids.kiosk), tokens.api.ended(ids.api)]);
			// The same keys back (principalKey's `kiosk:<id>` / `api:<id>`, sessionKey's `session:<id>`).
			return [...s.map(sessionKey), ...k.map((id) => keyOfPrincipal('kiosk', id)), ...a.map((id) => keyOfPrincipal('api', id))];
		}
	};
}

export type AuthService = ReturnType<typeof createAuthService>;

/** Credentials of a raw Node request (socket.io handshake, Yjs upgrade). */
/** The token of an `Authorization: Bearer <token>` header, or null: the one parser, for HTTP and WebSocket handshakes. */
export function bearerToken(authorization: string | null): string | null {
	return /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? null;
}

export function credentialsFromHeaders(
	headers: Record<string, string | string[] | undefined>,
	parseCookie: (s: string) => Record<string, string | undefined>,
	extraToken?: string | null
): Credentials {
	const cookies = parseCookie(String(headers.cookie ?? ''));
	const bearer = bearerToken(String(headers.authorization ?? '')) ?? extraToken ?? null;
	return { bearer, sessionToken: cookies[SESSION_COOKIE] ?? null, kioskToken: cookies[KIOSK_COOKIE] ?? null };
}
