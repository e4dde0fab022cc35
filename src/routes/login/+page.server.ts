import { fail, redirect } from '@sveltejs/kit';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { TooManyRequestsError, UnauthenticatedError, ValidationError } from '$lib/server/errors';
import { safeNext } from '$lib/server/auth/redirect';
import { formRefused, readForm } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.principal?.kind === 'user') redirect(303, safeNext(url.searchParams.get('next')));
	return {};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals, getClientAddress }) => {
		const form = await readForm(request);
		if (formRefused(form)) return form;
		const username = String(form.get('username') ?? '');
		try {
			const s = await locals.runtime.services.accounts.signIn({ username, password: String(form.get('password') ?? '') }, getClientAddress());
			setSessionCookie(cookies, s.token, s.expiresAt, url.protocol === 'https:');
			redirect(303, s.user.mustChangePassword ? '/account/password' : safeNext(url.searchParams.get('next')));
		} catch (err) {
			if (err instanceof ValidationError || err instanceof UnauthenticatedError) {
				// One message for unknown users and wrong passwords: no user enumeration.
				return fail(400, { username, message: 'Sai tên đăng nhập hoặc mật khẩu.', messageEn: 'Wrong username or password.' });
			}
			if (err instanceof TooManyRequestsError) {
				const minutes = Math.ceil(err.retryAfter / 60);
				return fail(429, {
					username,
					message: `Quá nhiều lần đăng nhập sai. Hãy thử lại sau ${minutes} phút.`,
					messageEn: `Too many failed sign-ins. Try again in ${minutes} min.`
				});
			}
			throw err;
		}
	}
};
