import { fail, redirect } from '@sveltejs/kit';
import { correctionBody, correctionFormErrors } from '$lib/contracts/report-pages';
import { can } from '$lib/domain/access';
import { pickLang } from '$lib/i18n/messages';
import { safeNext } from '$lib/server/auth/redirect';
import { actionFailure, principalOf, formRefused, readForm } from '$lib/server/http';
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

export const actions: Actions = {
	/** "Đánh dấu đã gửi": who and when are the server's, the first time only. */
	send: async ({ locals, params }) => {
		try {
			await locals.runtime.services.reports.markSent(principalOf(locals), reportId(params.id));
			return { sent: true };
		} catch (err) {
			return actionFailure(err);
		}
	},
	/** A correction makes a new revision and shows it; a refusal saves nothing and keeps what was typed. */
	correct: async ({ locals, params, request }) => {
		const f = await readForm(request);
		if (formRefused(f)) return f;
		const c = correctionBody(f);
		const values = { ward: c.ward, reason: c.body.reason, figures: Object.fromEntries([...f.entries()].filter(([k]) => k !== 'ward' && k !== 'reason').map(([k, v]) => [k, String(v)])) };
		const early = correctionFormErrors(c);
		if (early.length) return fail(400, { errors: early, values });
		let revisionIdNew: number;
		try {
			revisionIdNew = (await locals.runtime.services.reports.correct(principalOf(locals), reportId(params.id), c.body)).id;
		} catch (err) {
			return actionFailure(err, { values });
		}
		redirect(303, safeNext(`/reports/${revisionIdNew}`));
	}
};
