import { formAction, principalOf } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	kiosks: await locals.runtime.services.tokens.kiosks.list(principalOf(locals)),
	/** For choosing each TV's default layout. */
	layouts: (await locals.runtime.services.wallLayouts.list(principalOf(locals))).map((l) => ({ slug: l.slug, title: l.title }))
});

export const actions: Actions = {
	create: formAction(
		({ services, actor, form }) =>
			services.tokens.kiosks.create(actor, { name: String(form.get('name') ?? ''), layoutSlug: String(form.get('layoutSlug') ?? '') }),
		{
			// The link is shown once: the token is stored only as a hash.
			answer: (r, _f, { url }) => {
				const { kiosk, token } = r;
				return { created: { name: kiosk.name, link: `${url.origin}/wall?kiosk=${encodeURIComponent(token)}` } };
			}
		}
	),
	/** The TV's default layout, changed afterwards: the TV follows without a reload. */
	layout: formAction(
		({ services, actor, form }) => services.tokens.kiosks.setLayout(actor, String(form.get('id') ?? ''), { layoutSlug: String(form.get('layoutSlug') ?? '') }),
		{ answer: () => ({ layoutSet: true }) }
	),
	revoke: formAction(({ services, actor, form }) => services.tokens.kiosks.revoke(actor, String(form.get('id') ?? '')), { answer: () => ({ revoked: true }) })
};
