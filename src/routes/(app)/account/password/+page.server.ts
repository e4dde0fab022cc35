import { fail, redirect } from '@sveltejs/kit';
import { ValidationError } from '$lib/server/errors';
import { principalOf, formRefused, readForm } from '$lib/server/http';
import { SESSION_COOKIE } from '$lib/server/services/auth';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ forced: locals.mustChangePassword });

export const actions: Actions = {
	default: async ({ request, locals, cookies }) => {
		const form = await readForm(request);
		if (formRefused(form)) return form;
		try {
			// This session stays signed in; the person's other sessions end (see changePassword).
			await locals.runtime.services.accounts.changePassword(
				principalOf(locals),
				{
					current: String(form.get('current') ?? ''),
					next: String(form.get('next') ?? ''),
					confirm: String(form.get('confirm') ?? '')
				},
				cookies.get(SESSION_COOKIE) ?? null
			);
		} catch (err) {
			if (err instanceof ValidationError) return fail(400, { errors: err.errors });
			throw err;
		}
		redirect(303, '/?password=changed');
	}
};
