import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Facilities the caller may read; `?ward=<code>` for one ward's. */
export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		return json(await locals.runtime.services.quarantine.list(principalOf(locals), url.searchParams.get('ward')));
	} catch (err) {
		return apiErrorFrom(err);
	}
};
