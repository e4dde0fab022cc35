import { redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/access';
import { safeNext } from '$lib/server/auth/redirect';
import { actionFailure, principalOf, formRefused, readForm } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

/** The boards this person may see, with their open / overdue / due-today counts. */
export const load: PageServerLoad = async ({ locals }) => {
	const me = principalOf(locals);
	const { boards, district } = locals.runtime.services;
	return {
		boards: await boards.list(me),
		canCreate: can(me, 'board:manage'),
		wards: district.wards.map((w) => ({ code: w.code, name: w.name }))
	};
};

const text = (f: FormData, k: string) => String(f.get(k) ?? '');

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const f = await readForm(request);
		if (formRefused(f)) return f;
		const input = { id: text(f, 'id').trim(), title: text(f, 'title'), ward: text(f, 'ward') || null };
		let id: string;
		try {
			id = (await locals.runtime.services.boards.create(principalOf(locals), input)).id;
		} catch (err) {
			return actionFailure(err, { values: input });
		}
		redirect(303, safeNext(`/boards/${encodeURIComponent(id)}`));
	}
};
