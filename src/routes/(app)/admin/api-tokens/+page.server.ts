import { actionFailure, principalOf, formRefused, readForm } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	tokens: await locals.runtime.services.tokens.api.list(principalOf(locals)),
	wards: locals.runtime.services.district.wards.map((w) => ({ code: w.code, name: w.name }))
});

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const f = await readForm(request, ['wards']);
		if (formRefused(f)) return f;
		try {
			const r = await locals.runtime.services.tokens.api.create(principalOf(locals), {
				name: String(f.get('name') ?? ''),
				access: String(f.get('access') ?? ''),
				wards: f.getAll('wards').map(String)
			});
			return { created: { name: r.apiToken.name, token: r.token } };
		} catch (err) {
			return actionFailure(err);
		}
	},
	revoke: async ({ request, locals }) => {
		const f = await readForm(request);
		if (formRefused(f)) return f;
		try {
			await locals.runtime.services.tokens.api.revoke(principalOf(locals), String(f.get('id') ?? ''));
			return { revoked: true };
		} catch (err) {
			return actionFailure(err);
		}
	}
};
