import { csvFileName, reportCsvRows } from '$lib/presentation/report-format';
import { csvResponse } from '$lib/server/csv';
import { apiRead } from '$lib/server/http';
import { notFound, reportId } from '../../errors';
import type { RequestHandler } from './$types';

/**
 * Every figure of one report as CSV through the shared export (lib/server/csv.ts: BOM, formula
 * neutralising; numbers stay numbers). Rows vary in width (a few header rows first).
 */
export const GET: RequestHandler = apiRead(async ({ services, actor, params }) => {
	const view = await services.reports.get(actor, reportId(params.id));
	if (!view) notFound(params.id);
	return csvResponse(reportCsvRows(view), csvFileName(view));
});
