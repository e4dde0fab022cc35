import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf, readJsonBody } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** `{ reason }` (admin, district commander): only a checkpoint no one is on duty at. */
export const POST: RequestHandler = async ({ locals, request, params }) => {
	try {
		const body = await readJsonBody(request);
		const key = request.headers.get('idempotency-key');
		return json(await locals.runtime.services.checkpoints.retire(principalOf(locals), params.checkpoint, body, key));
	} catch (err) {
		return apiErrorFrom(err);
	}
};
