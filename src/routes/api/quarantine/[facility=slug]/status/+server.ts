import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf, readJsonBody } from '$lib/server/http';
import type { RequestHandler } from './$types';

/**
 * `{ status, note?, decisionRef?, acceptance?: { inspectedBy, inspectedAt, note? } }`, by the state
 * machine in domain/quarantine.ts: a refused change is 409 (403 for a conversion by a ward account)
 * with the rule's code.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	try {
		const body = await readJsonBody(request);
		return json(await locals.runtime.services.quarantine.setStatus(principalOf(locals), params.facility, body, request.headers.get('idempotency-key')));
	} catch (err) {
		return apiErrorFrom(err);
	}
};
