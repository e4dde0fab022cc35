import { redirect } from '@sveltejs/kit';
import { correctionBody, correctionFormErrors } from '$lib/contracts/report-pages';
import { can } from '$lib/domain/access';
import { pickLang } from '$lib/i18n/messages';
import { safeNext } from '$lib/server/auth/redirect';
import { ValidationError } from '$lib/server/errors';
import { formAction, principalOf } from '$lib/server/http';
import { notFound, orPageError, reportId } from '../errors';
import type { Actions, PageServerLoad } from './$types';

/** One report, as frozen, with the id of its newest revision when it is not the newest itself. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const me = principalOf(locals);
	const { reports } = locals.runtime.services;
	const view = await orPageError(() => reports.get(me, reportId(params.id)));
	if (!view) notFound(params.id);
	return { view, newestId: view.latestId, lang: pickLang(url.searchParams.get('lang')), canManage: can(me, 'report:manage') };
};

/** What was typed into the correction form, given back with a refusal so the form keeps it. */
function typed(f: FormData) {
	const c = correctionBody(f);
	return {
		ward: c.ward,
		reason: c.body.reason,
		figures: Object.fromEntries([...f.entries()].filter(([k]) => k !== 'ward' && k !== 'reason').map(([k, v]) => [k, String(v)]))
	};
}

export const actions: Actions = {
	/** "Đánh dấu đã gửi": who and when are the server's, the first time only. */
	send: formAction(({ services, actor, params }) => services.reports.markSent(actor, reportId(params.id)), { answer: () => ({ sent: true }) }),
	/** A correction makes a new revision and shows it; a refusal saves nothing and keeps what was typed. */
	correct: formAction(
		({ services, actor, params, form }) => {
			const c = correctionBody(form);
			const early = correctionFormErrors(c);
			if (early.length) throw new ValidationError(early);
			return services.reports.correct(actor, reportId(params.id), c.body);
		},
		{ extra: (f) => ({ values: typed(f) }), answer: (r) => redirect(303, safeNext(`/reports/${r.id}`)) }
	)
};
