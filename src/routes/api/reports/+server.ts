import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf, readQuery } from '$lib/server/http';
import { reportFilterSchema } from '$lib/contracts/reports';
import type { RequestHandler } from './$types';

/** `?from=yyyy-MM-dd&to=yyyy-MM-dd` (local days, both included): the reports, newest first, without their content. */
export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		const filter = readQuery(url, reportFilterSchema);
		return json(await locals.runtime.services.reports.list(principalOf(locals), filter));
	} catch (err) {
		return apiErrorFrom(err);
	}
};

/** Generate a report now (admin, district commander): the district as it stands. */
export const POST: RequestHandler = async ({ locals }) => {
	try {
		return json(await locals.runtime.services.reports.generateNow(principalOf(locals)), { status: 201 });
	} catch (err) {
		return apiErrorFrom(err);
	}
};
