import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf, readQuery } from '$lib/server/http';
import { wardQuery } from '$lib/contracts/input';
import type { RequestHandler } from './$types';

/** Facilities the caller may read; `?ward=<code>` for one ward's. */
export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		return json(await locals.runtime.services.quarantine.list(principalOf(locals), readQuery(url, wardQuery).ward ?? null));
	} catch (err) {
		return apiErrorFrom(err);
	}
};
