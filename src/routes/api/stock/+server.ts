import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf, readQuery } from '$lib/server/http';
import { wardQuery } from '$lib/contracts/input';
import type { RequestHandler } from './$types';

/** Stock levels the caller may read; `?ward=<code>` for one ward's warehouse, `?ward=district` for the district's. */
export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		const w = readQuery(url, wardQuery).ward;
		return json(await locals.runtime.services.stock.levels(principalOf(locals), w === undefined ? undefined : w === 'district' ? null : w));
	} catch (err) {
		return apiErrorFrom(err);
	}
};
