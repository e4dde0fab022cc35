import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf, readJsonBody } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** `{ reason }` (admin, district commander): an empty facility leaves every total, keeps its history; its code is never reused. */
export const POST: RequestHandler = async ({ locals, request, params }) => {
	try {
		const body = await readJsonBody(request);
		const key = request.headers.get('idempotency-key');
		return json(await locals.runtime.services.quarantine.retire(principalOf(locals), params.facility, body, key));
	} catch (err) {
		return apiErrorFrom(err);
	}
};
