import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf, readJsonBody } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** `{ reason }` (admin, district commander): only an item no warehouse holds retires. */
export const POST: RequestHandler = async ({ locals, request, params }) => {
	try {
		const body = await readJsonBody(request);
		const key = request.headers.get('idempotency-key');
		return json(await locals.runtime.services.stock.retireItem(principalOf(locals), params.item, body, key));
	} catch (err) {
		return apiErrorFrom(err);
	}
};
