import { redirect } from '@sveltejs/kit';
import { clearSessionCookie } from '$lib/server/auth/cookies';
import { SESSION_COOKIE } from '$lib/server/services/auth';
import type { RequestHandler } from './$types';

/** POST only (a form in the header): a GET link must not sign anyone out. */
export const POST: RequestHandler = async ({ cookies, locals }) => {
	const token = cookies.get(SESSION_COOKIE);
	if (token) await locals.runtime.services.accounts.signOut(token);
	clearSessionCookie(cookies);
	redirect(303, '/login');
};
