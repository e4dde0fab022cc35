import { can } from '$lib/domain/access';
import { formatPlaylist, WALL_VIEWS } from '$lib/domain/playlist';
import { formAction, principalOf } from '$lib/server/http';
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
	create: formAction(({ services, actor, form }) => services.wallLayouts.create(actor, { slug: text(form, 'slug'), ...values(form) }), {
		answer: (l) => ({ saved: l.slug }),
		// What was typed stays in the form, next to the reason it was refused.
		extra: (f) => ({ values: { slug: text(f, 'slug'), ...values(f) }, target: 'create' })
	}),
	update: formAction(({ services, actor, form }) => services.wallLayouts.update(actor, text(form, 'slug'), values(form)), {
		answer: (l) => ({ saved: l.slug }),
		extra: (f) => ({ values: { slug: text(f, 'slug'), ...values(f) }, target: text(f, 'slug') })
	}),
	delete: formAction(({ services, actor, form }) => services.wallLayouts.remove(actor, text(form, 'slug')), {
		answer: (_r, f) => ({ deleted: text(f, 'slug') }),
		extra: (f) => ({ target: text(f, 'slug') })
	})
};
