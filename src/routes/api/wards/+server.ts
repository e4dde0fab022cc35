import { json } from '@sveltejs/kit';
import { CASE_COUNT_FIELDS } from '$lib/domain/cases';
import { can } from '$lib/domain/access';
import { scheduleOf, wardReportDue } from '$lib/domain/overdue';
import { principalOf } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The wards the caller may read, with their latest figures under the report's own names (null if never reported). */
export const GET: RequestHandler = async ({ locals }) => {
	const { district, cases, clock } = locals.runtime.services;
	const me = principalOf(locals);
	const latest = await cases.latestByWard();
	const now = clock();
	return json(
		district.wards
			.filter((w) => can(me, 'ward:read', w.code))
			.map((w) => {
				const r = latest.get(w.code) ?? null;
				const due = wardReportDue(r, now, scheduleOf(district.view));
				return {
					code: w.code,
					name: w.name,
					// Late against the report schedule (the wall's "Quá hạn báo cáo"), and the slot it is late for.
					reportOverdue: due.overdue,
					reportDueSlot: due.dueSlot?.toISOString() ?? null,
					...Object.fromEntries(CASE_COUNT_FIELDS.map((f) => [f, r ? r[f] : null])),
					zone: r?.zone ?? null,
					note: r?.note ?? null,
					reportedBy: r?.reportedBy ?? null,
					reportedAt: r?.reportedAt ?? null
				};
			})
	);
};
