import { json } from '@sveltejs/kit';
import { clearSessionCookie, setSessionCookie } from '$lib/server/auth/cookies';
import { apiErrorFrom, readJsonBody } from '$lib/server/http';
import { SESSION_COOKIE } from '$lib/server/services/auth';
import { ROLE_LABELS } from '$lib/i18n/labels';
import type { RequestHandler } from './$types';

/** Sign in for API clients: `{"username","password"}` → the same httpOnly cookie as the form. */
export const POST: RequestHandler = async ({ request, cookies, url, locals, getClientAddress }) => {
	try {
		const s = await locals.runtime.services.accounts.signIn(await readJsonBody(request), getClientAddress());
		setSessionCookie(cookies, s.token, s.expiresAt, url.protocol === 'https:');
		return json({ user: s.user, expiresAt: s.expiresAt.toISOString() });
	} catch (err) {
		return apiErrorFrom(err);
	}
};

/** Who am I. */
export const GET: RequestHandler = ({ locals }) => {
	const p = locals.principal;
	if (!p) return json({ error: 'unauthorized', message: 'Cần đăng nhập', messageEn: 'Sign-in required' }, { status: 401 });
	return json(
		p.kind === 'user'
			? {
					kind: 'user',
					username: p.username,
					name: p.name,
					role: p.role,
					roleLabel: ROLE_LABELS[p.role].vi,
					wardCode: p.wardCode,
					mustChangePassword: locals.mustChangePassword
				}
			: { kind: p.kind, name: p.kind === 'system' ? 'system' : p.name }
	);
};

export const DELETE: RequestHandler = async ({ cookies, locals }) => {
	const token = cookies.get(SESSION_COOKIE);
	if (token) await locals.runtime.services.accounts.signOut(token);
	clearSessionCookie(cookies);
	return new Response(null, { status: 204 });
};
