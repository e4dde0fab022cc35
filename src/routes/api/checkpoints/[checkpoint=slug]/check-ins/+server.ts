import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf, readJsonBody } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** See docs/api.md; an optional Idempotency-Key makes a retry count once. */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	try {
		const body = await readJsonBody(request);
		const r = await locals.runtime.services.checkpoints.checkIn(principalOf(locals), params.checkpoint, body, request.headers.get('idempotency-key'));
		return json(r, { status: 201 });
	} catch (err) {
		return apiErrorFrom(err);
	}
};
