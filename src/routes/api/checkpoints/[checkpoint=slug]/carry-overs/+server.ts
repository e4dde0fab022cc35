import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf, readJsonBody } from '$lib/server/http';
import type { RequestHandler } from './$types';

/**
 * Carry a check-in left open from an ended shift over into the running one (the person stays on).
 * See docs/api.md; an optional Idempotency-Key makes a retry count once.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	try {
		const body = await readJsonBody(request);
		const r = await locals.runtime.services.checkpoints.carryOver(principalOf(locals), params.checkpoint, body, request.headers.get('idempotency-key'));
		return json(r, { status: 201 });
	} catch (err) {
		return apiErrorFrom(err);
	}
};
