import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/access';
import { ForbiddenError } from '$lib/server/errors';
import { formAction, principalOf } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

/** Readiness by the doctrine (issue 14 §5): a ward × template matrix, live from the boards' projection. */
export const load: PageServerLoad = async ({ locals }) => {
	const me = principalOf(locals);
	const { readiness } = locals.runtime.services;
	try {
		return { ...(await readiness.picture(me)), canApply: can(me, 'readiness:apply') };
	} catch (err) {
		if (err instanceof ForbiddenError) error(403, { message: 'Bạn không có quyền xem mục này', messageEn: 'You may not read this' });
		throw err;
	}
};

export const actions: Actions = {
	/** "Áp dụng cho tất cả phường": the template's card on every ward's board (admin, district commander). */
	apply: formAction(({ services, actor, form, key }) => services.readiness.apply(actor, String(form.get('template') ?? ''), key), {
		answer: (r) => ({ applied: r })
	})
};
