import { actionFailure, principalOf } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	kiosks: await locals.runtime.services.tokens.kiosks.list(principalOf(locals))
});

export const actions: Actions = {
	create: async ({ request, locals, url }) => {
		const f = await request.formData();
		try {
			const r = await locals.runtime.services.tokens.kiosks.create(principalOf(locals), { name: String(f.get('name') ?? '') });
			// The link is shown once: the token is stored only as a hash.
			return { created: { name: r.kiosk.name, link: `${url.origin}/wall?kiosk=${encodeURIComponent(r.token)}` } };
		} catch (err) {
			return actionFailure(err);
		}
	},
	revoke: async ({ request, locals }) => {
		const f = await request.formData();
		try {
			await locals.runtime.services.tokens.kiosks.revoke(principalOf(locals), String(f.get('id') ?? ''));
			return { revoked: true };
		} catch (err) {
			return actionFailure(err);
		}
	}
};
