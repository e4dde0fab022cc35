import { json } from '@sveltejs/kit';
import { CASE_COUNT_FIELDS } from '$lib/domain/cases';
import type { RequestHandler } from './$types';

/** Every active ward with its latest figures under the report's own field names (null if never reported). */
export const GET: RequestHandler = async ({ locals }) => {
	const { district, cases } = locals.runtime.services;
	const latest = await cases.latestByWard();
	return json(
		district.wards.map((w) => {
			const r = latest.get(w.code) ?? null;
			return {
				code: w.code,
				name: w.name,
				reportingIntervalMinutes: w.reportingIntervalMinutes,
				...Object.fromEntries(CASE_COUNT_FIELDS.map((f) => [f, r ? r[f] : null])),
				zone: r?.zone ?? null,
				note: r?.note ?? null,
				reportedBy: r?.reportedBy ?? null,
				reportedAt: r?.reportedAt ?? null
			};
		})
	);
};
