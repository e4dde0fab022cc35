import { actionFailure, principalOf, formRefused, readForm } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	kiosks: await locals.runtime.services.tokens.kiosks.list(principalOf(locals)),
	/** For choosing each TV's default layout. */
	layouts: (await locals.runtime.services.wallLayouts.list(principalOf(locals))).map((l) => ({ slug: l.slug, title: l.title }))
});

export const actions: Actions = {
	create: async ({ request, locals, url }) => {
		const f = await readForm(request);
		if (formRefused(f)) return f;
		try {
			const r = await locals.runtime.services.tokens.kiosks.create(principalOf(locals), {
				name: String(f.get('name') ?? ''),
				layoutSlug: String(f.get('layoutSlug') ?? '')
			});
			// The link is shown once: the token is stored only as a hash.
			return { created: { name: r.kiosk.name, link: `${url.origin}/wall?kiosk=${encodeURIComponent(r.token)}` } };
		} catch (err) {
			return actionFailure(err);
		}
	},
	/** The TV's default layout, changed afterwards: the TV follows without a reload. */
	layout: async ({ request, locals }) => {
		const f = await readForm(request);
		if (formRefused(f)) return f;
		try {
			await locals.runtime.services.tokens.kiosks.setLayout(principalOf(locals), String(f.get('id') ?? ''), {
				layoutSlug: String(f.get('layoutSlug') ?? '')
			});
			return { layoutSet: true };
		} catch (err) {
			return actionFailure(err);
		}
	},
	revoke: async ({ request, locals }) => {
		const f = await readForm(request);
		if (formRefused(f)) return f;
		try {
			await locals.runtime.services.tokens.kiosks.revoke(principalOf(locals), String(f.get('id') ?? ''));
			return { revoked: true };
		} catch (err) {
			return actionFailure(err);
		}
	}
};
