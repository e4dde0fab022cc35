import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf, readQuery } from '$lib/server/http';
import { wardQuery } from '$lib/contracts/input';
import type { RequestHandler } from './$types';

/** Checkpoints the caller may read with who is on duty; `?ward=<code>` for one ward's. */
export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		return json(await locals.runtime.services.checkpoints.list(principalOf(locals), readQuery(url, wardQuery).ward));
	} catch (err) {
		return apiErrorFrom(err);
	}
};
