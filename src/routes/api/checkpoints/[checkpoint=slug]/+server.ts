import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf, readJsonBody } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** `{ name?, kind?, leadUnit?, required? }` (admin, district commander); the police rule is checked on the result. */
export const PATCH: RequestHandler = async ({ locals, request, params }) => {
	try {
		const body = await readJsonBody(request);
		const key = request.headers.get('idempotency-key');
		return json(await locals.runtime.services.checkpoints.edit(principalOf(locals), params.checkpoint, body, key));
	} catch (err) {
		return apiErrorFrom(err);
	}
};
