import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf } from '$lib/server/http';
import { NotFoundError } from '$lib/server/errors';
import type { RequestHandler } from './$types';

/** One report with its whole content (every figure with its change since the previous report). */
export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		const report = await locals.runtime.services.reports.get(principalOf(locals), Number(params.id));
		if (!report) throw new NotFoundError('report', params.id);
		return json(report);
	} catch (err) {
		return apiErrorFrom(err);
	}
};
