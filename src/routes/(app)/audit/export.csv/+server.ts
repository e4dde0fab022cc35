import { auditQuery, parseAuditQuery } from '$lib/contracts/audit';
import { AUDIT_COLUMNS } from '$lib/domain/csv';
import { formatDateTime } from '$lib/domain/time';
import { csvResponse } from '$lib/server/csv';
import { apiRead, readQuery } from '$lib/server/http';
import type { RequestHandler } from './$types';

/**
 * The filtered audit log as CSV, Vietnamese headers; names, targets and values are what people
 * typed, so every cell goes through the shared formula-neutralising export (lib/server/csv.ts).
 */
export const GET: RequestHandler = apiRead(async ({ services, actor, url }) => {
	// Refused by name when malformed (the page shows the unfiltered log instead; a file must be what was asked).
	readQuery(url, auditQuery);
	const filter = parseAuditQuery(url.searchParams);
	const entries = await services.audit.list(actor, { ...filter, limit: 10_000 });
	const rows = entries.map((e) => [
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
	]);
	return csvResponse(
		rows,
		'nhat-ky.csv',
		AUDIT_COLUMNS.map((c) => c.vi)
	);
});
