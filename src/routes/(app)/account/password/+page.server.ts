import { redirect } from '@sveltejs/kit';
import { formAction } from '$lib/server/http';
import { SESSION_COOKIE } from '$lib/server/services/auth';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ forced: locals.mustChangePassword });

export const actions: Actions = {
	// This session stays signed in; the person's other sessions end (see changePassword).
	default: formAction(
		({ services, actor, form, cookies }) =>
			services.accounts.changePassword(
				actor,
				{ current: String(form.get('current') ?? ''), next: String(form.get('next') ?? ''), confirm: String(form.get('confirm') ?? '') },
				cookies.get(SESSION_COOKIE) ?? null
			),
		{ answer: () => redirect(303, '/?password=changed') }
	)
};
