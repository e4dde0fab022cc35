import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Checkpoints the caller may read with who is on duty; `?ward=<code>` for one ward's. */
export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		return json(await locals.runtime.services.checkpoints.list(principalOf(locals), url.searchParams.get('ward') ?? undefined));
	} catch (err) {
		return apiErrorFrom(err);
	}
};
