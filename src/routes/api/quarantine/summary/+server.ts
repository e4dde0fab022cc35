import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf } from '$lib/server/http';
import type { RequestHandler } from './$types';

/**
 * The district's beds by the one rule: `{ quarantine: { capacity, occupied, free, preparing },
 * treatingF0: { capacity, occupied, free } }` — converted facilities never in the quarantine line.
 */
export const GET: RequestHandler = async ({ locals }) => {
	try {
		return json(await locals.runtime.services.quarantine.summary(principalOf(locals)));
	} catch (err) {
		return apiErrorFrom(err);
	}
};
