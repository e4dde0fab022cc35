import { stringify } from 'csv-stringify/sync';
import { csvFileName, reportCsvRows } from '$lib/domain/report-format';
import { apiErrorFrom, principalOf } from '$lib/server/http';
import { notFound, reportId } from '../../errors';
import type { RequestHandler } from './$types';

/**
 * Every figure of one report as CSV: UTF-8 with a BOM so spreadsheet programs keep the Vietnamese
 * text intact; csv-stringify does the quoting. Rows vary in width (a few header rows first).
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	let view;
	try {
		view = await locals.runtime.services.reports.get(principalOf(locals), reportId(params.id));
	} catch (err) {
		return apiErrorFrom(err);
	}
	if (!view) notFound(params.id);
	const csv = stringify(reportCsvRows(view), { eof: true });
	return new Response('\uFEFF' + csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${csvFileName(view)}"`
		}
	});
};
