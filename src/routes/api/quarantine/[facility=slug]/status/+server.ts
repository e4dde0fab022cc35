import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf, readJsonBody } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** `{ status: "preparing" | "ready" | "operating" | "treating_f0", note? }`. */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	try {
		const body = await readJsonBody(request);
		return json(await locals.runtime.services.quarantine.setStatus(principalOf(locals), params.facility, body, request.headers.get('idempotency-key')));
	} catch (err) {
		return apiErrorFrom(err);
	}
};
