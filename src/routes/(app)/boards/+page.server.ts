import { redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/access';
import { safeNext } from '$lib/server/auth/redirect';
import { formAction, principalOf } from '$lib/server/http';
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
const input = (f: FormData) => ({ id: text(f, 'id').trim(), title: text(f, 'title'), ward: text(f, 'ward') || null });

export const actions: Actions = {
	create: formAction(({ services, actor, form }) => services.boards.create(actor, input(form)), {
		extra: (f) => ({ values: input(f) }),
		answer: (board) => redirect(303, safeNext(`/boards/${encodeURIComponent(board.id)}`))
	})
};
