/** The session cookie, set the same way by the sign-in form and POST /api/session. */
import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE } from '../services/auth.ts';

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: Date, secure: boolean): void {
	cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: expiresAt });
}

export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { path: '/' });
}
