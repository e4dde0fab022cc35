import { apiRead } from '$lib/server/http';
import type { RequestHandler } from './$types';
import { NotFoundError } from '$lib/server/errors';

/** One report with its whole content (every figure with its change since the previous report). */
export const GET: RequestHandler = apiRead(async ({ services, actor, params }) => {
	const report = await services.reports.get(actor, Number(params.id));
	if (!report) throw new NotFoundError('report', params.id);
	return report;
});
