import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf, readJsonBody } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** `{ name?, unit?, minDays? }` (admin, district commander). */
export const PATCH: RequestHandler = async ({ locals, request, params }) => {
	try {
		const body = await readJsonBody(request);
		const key = request.headers.get('idempotency-key');
		return json(await locals.runtime.services.stock.editItem(principalOf(locals), params.item, body, key));
	} catch (err) {
		return apiErrorFrom(err);
	}
};
