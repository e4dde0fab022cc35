import { apiRead, readQuery } from '$lib/server/http';
import { dayRangeQuery } from '$lib/contracts/input';
import { startOfLocalDay } from '$lib/domain/time';
import type { RequestHandler } from './$types';

const DAY_MS = 86_400_000;

/**
 * The ward's zone changes and its blockades', oldest first (`?from=&to=`: local days, both
 * included; the change in force at `from` comes first, so the history starts in the right zone).
 */
export const GET: RequestHandler = apiRead(({ services, actor, params, url }) => {
	const q = readQuery(url, dayRangeQuery);
	return services.zones.history(actor, params.code, {
		from: q.from ? startOfLocalDay(q.from) : undefined,
		to: q.to ? new Date(startOfLocalDay(q.to).getTime() + DAY_MS) : undefined
	});
});
