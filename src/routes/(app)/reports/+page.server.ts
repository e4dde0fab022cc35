import { redirect } from '@sveltejs/kit';
import { parseRangeQuery } from '$lib/contracts/report-pages';
import { can } from '$lib/domain/access';
import { safeNext } from '$lib/server/auth/redirect';
import { formAction, principalOf } from '$lib/server/http';
import { orPageError } from './errors';
import type { Actions, PageServerLoad } from './$types';

/** The reports of a date range (default: the last 7 local days), newest first. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const me = principalOf(locals);
	const { reports, clock } = locals.runtime.services;
	const now = clock();
	const q = parseRangeQuery(url.searchParams, now, 7);
	return {
		reports: await orPageError(() => reports.list(me, { from: q.from, to: q.to })),
		filter: { from: q.from, to: q.to },
		filterErrors: q.errors,
		canManage: can(me, 'report:manage'),
		slots: reports.schedule.slots,
		next: reports.schedule.next(now).toISOString()
	};
};

export const actions: Actions = {
	/** "Lập báo cáo ngay": a report on demand, then its printable page. */
	generate: formAction(({ services, actor }) => services.reports.generateNow(actor), { answer: (r) => redirect(303, safeNext(`/reports/${r.id}`)) })
};
