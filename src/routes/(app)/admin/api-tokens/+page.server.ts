import { formAction, principalOf } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	tokens: await locals.runtime.services.tokens.api.list(principalOf(locals)),
	wards: locals.runtime.services.district.wards.map((w) => ({ code: w.code, name: w.name }))
});

export const actions: Actions = {
	create: formAction(
		({ services, actor, form }) =>
			services.tokens.api.create(actor, {
				name: String(form.get('name') ?? ''),
				access: String(form.get('access') ?? ''),
				wards: form.getAll('wards').map(String)
			}),
		{ repeatable: ['wards'], answer: (r) => ({ created: { name: r.apiToken.name, token: r.token } }) }
	),
	revoke: formAction(({ services, actor, form }) => services.tokens.api.revoke(actor, String(form.get('id') ?? '')), { answer: () => ({ revoked: true }) })
};
