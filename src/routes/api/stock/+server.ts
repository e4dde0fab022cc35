import { apiRead } from '$lib/server/http';
import type { RequestHandler } from './$types';
import { readQuery } from '$lib/server/http';
import { wardQuery } from '$lib/contracts/input';

/** Stock levels the caller may read; `?ward=<code>` for one ward's warehouse, `?ward=district` for the district's. */
export const GET: RequestHandler = apiRead(({ services, actor, url }) => {
	const w = readQuery(url, wardQuery).ward;
	return services.stock.levels(actor, w === undefined ? undefined : w === 'district' ? null : w);
});
