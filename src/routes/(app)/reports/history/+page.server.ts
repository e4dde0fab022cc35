import { parseRangeQuery } from '$lib/contracts/report-pages';
import { fieldError } from '$lib/contracts/errors';
import { DISTRICT_SERIES, historySeries, wardSeries } from '$lib/presentation/report-format';
import { zoneStripRows } from '$lib/presentation/zone-strip';
import { startOfLocalDay } from '$lib/domain/time';
import { messages } from '$lib/i18n/messages';
import { principalOf } from '$lib/server/http';
import { orPageError } from '../errors';
import type { PageServerLoad } from './$types';

const DAY_MS = 86_400_000;

/**
 * The district's and one ward's figures across the scheduled reports of a date range (default 14
 * days), and every ward's zones over the same days — up to now: the strip claims no zone yet to come.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const me = principalOf(locals);
	const { reports, zones, district, clock } = locals.runtime.services;
	const now = clock();
	const q = parseRangeQuery(url.searchParams, now, 14);
	const wards = district.wards.map((w) => ({ code: w.code, name: w.name }));
	const known = wards.find((w) => w.code === q.ward);
	const ward = known ?? wards[0]!;
	const errors = q.ward && !known ? [...q.errors, fieldError('ward', 'unknown_ward')] : q.errors;
	const points = await orPageError(() => reports.series(me, { from: q.from, to: q.to }));
	const span = { from: startOfLocalDay(q.from), to: new Date(Math.min(startOfLocalDay(q.to).getTime() + DAY_MS, now.getTime())) };
	const changes = await orPageError(() => zones.wardsBetween(me, span));
	return {
		filter: { from: q.from, to: q.to, ward: ward.code },
		errors,
		wards,
		wardName: ward.name,
		points: points.map((p) => ({ id: p.id, asOf: p.asOf, late: p.late })),
		district: historySeries(points, DISTRICT_SERIES),
		ward: historySeries(points, wardSeries(ward.code)),
		zoneSpan: { from: span.from.toISOString(), to: span.to.toISOString() },
		zoneScheme: district.view.zoneScheme,
		zoneLevels: [...district.view.zoneLevels],
		zoneStrips: zoneStripRows(wards, changes, span, district.view.zoneScheme, messages.vi)
	};
};
