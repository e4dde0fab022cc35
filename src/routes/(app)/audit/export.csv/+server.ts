import { stringify } from 'csv-stringify/sync';
import { auditQuery, parseAuditQuery } from '$lib/contracts/audit';
import { formatDateTime } from '$lib/domain/time';
import { apiErrorFrom, principalOf, readQuery } from '$lib/server/http';
import type { RequestHandler } from './$types';

/**
 * The filtered audit log as CSV: UTF-8 with a BOM so spreadsheet programs keep the Vietnamese
 * text intact; csv-stringify does the quoting.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		// Refused by name when malformed (the page shows the unfiltered log instead; a file must be what was asked).
		readQuery(url, auditQuery);
		const filter = parseAuditQuery(url.searchParams);
		const entries = await locals.runtime.services.audit.list(principalOf(locals), { ...filter, limit: 10_000 });
		const csv = stringify(
			entries.map((e) => [
				e.id,
				e.at,
				formatDateTime(new Date(e.at)),
				e.actorKind,
				e.actorName,
				e.action,
				e.entity,
				e.entityId ?? '',
				e.wardCode ?? '',
				e.before == null ? '' : JSON.stringify(e.before),
				e.after == null ? '' : JSON.stringify(e.after)
			]),
			{
				header: true,
				columns: ['id', 'thoi_gian_utc', 'thoi_gian', 'loai_nguoi_thuc_hien', 'nguoi_thuc_hien', 'hanh_dong', 'doi_tuong', 'ma_doi_tuong', 'phuong', 'truoc', 'sau']
			}
		);
		return new Response('\uFEFF' + csv, {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': 'attachment; filename="nhat-ky.csv"'
			}
		});
	} catch (err) {
		return apiErrorFrom(err);
	}
};
