import { parseRangeQuery } from '$lib/contracts/report-pages';
import { fieldError } from '$lib/contracts/errors';
import { DISTRICT_SERIES, historySeries, wardSeries } from '$lib/presentation/report-format';
import { principalOf } from '$lib/server/http';
import { orPageError } from '../errors';
import type { PageServerLoad } from './$types';

/** The district's and one ward's figures across the scheduled reports of a date range (default 14 days). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const me = principalOf(locals);
	const { reports, district, clock } = locals.runtime.services;
	const q = parseRangeQuery(url.searchParams, clock(), 14);
	const wards = district.wards.map((w) => ({ code: w.code, name: w.name }));
	const known = wards.find((w) => w.code === q.ward);
	const ward = known ?? wards[0]!;
	const errors = q.ward && !known ? [...q.errors, fieldError('ward', 'unknown_ward')] : q.errors;
	const points = await orPageError(() => reports.series(me, { from: q.from, to: q.to }));
	return {
		filter: { from: q.from, to: q.to, ward: ward.code },
		errors,
		wards,
		wardName: ward.name,
		points: points.map((p) => ({ id: p.id, asOf: p.asOf, late: p.late })),
		district: historySeries(points, DISTRICT_SERIES),
		ward: historySeries(points, wardSeries(ward.code))
	};
};
