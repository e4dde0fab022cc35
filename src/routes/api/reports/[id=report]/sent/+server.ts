import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Marks the report as sent to the city (admin, district commander); the first mark stays. */
export const POST: RequestHandler = async ({ locals, params }) => {
	try {
		return json(await locals.runtime.services.reports.markSent(principalOf(locals), Number(params.id)));
	} catch (err) {
		return apiErrorFrom(err);
	}
};
