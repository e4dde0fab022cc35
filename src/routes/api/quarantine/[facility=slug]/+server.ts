import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf, readJsonBody } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** `{ name?, kind?, address? }` (admin, district commander); beds and status move only by entries. */
export const PATCH: RequestHandler = async ({ locals, request, params }) => {
	try {
		const body = await readJsonBody(request);
		const key = request.headers.get('idempotency-key');
		return json(await locals.runtime.services.quarantine.edit(principalOf(locals), params.facility, body, key));
	} catch (err) {
		return apiErrorFrom(err);
	}
};
