import { can } from '$lib/domain/access';
import { formatPlaylist, WALL_VIEWS } from '$lib/domain/playlist';
import { actionFailure, principalOf, formRefused, readForm } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

/** Saved wall layouts: everyone who signs in reads them; the admin and the district commander change them. */
export const load: PageServerLoad = async ({ locals }) => {
	const p = principalOf(locals);
	const layouts = await locals.runtime.services.wallLayouts.list(p);
	return {
		layouts: layouts.map((l) => ({ ...l, viewsText: formatPlaylist(l.views) })),
		canManage: can(p, 'layout:manage'),
		views: WALL_VIEWS
	};
};

const text = (f: FormData, k: string) => String(f.get(k) ?? '');
/** The form's fields as the service's body: views in the URL's own form ("overview:30,quarantine:20"). */
const values = (f: FormData) => ({ title: text(f, 'title'), views: text(f, 'views'), pin: text(f, 'pin') || null });

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const f = await readForm(request);
		if (formRefused(f)) return f;
		const input = { slug: text(f, 'slug'), ...values(f) };
		try {
			const l = await locals.runtime.services.wallLayouts.create(principalOf(locals), input);
			return { saved: l.slug };
		} catch (err) {
			// What was typed stays in the form, next to the reason it was refused.
			return actionFailure(err, { values: input, target: 'create' });
		}
	},
	update: async ({ request, locals }) => {
		const f = await readForm(request);
		if (formRefused(f)) return f;
		const slug = text(f, 'slug');
		const input = values(f);
		try {
			await locals.runtime.services.wallLayouts.update(principalOf(locals), slug, input);
			return { saved: slug };
		} catch (err) {
			return actionFailure(err, { values: { slug, ...input }, target: slug });
		}
	},
	delete: async ({ request, locals }) => {
		const f = await readForm(request);
		if (formRefused(f)) return f;
		const slug = text(f, 'slug');
		try {
			await locals.runtime.services.wallLayouts.remove(principalOf(locals), slug);
			return { deleted: slug };
		} catch (err) {
			return actionFailure(err, { target: slug });
		}
	}
};
