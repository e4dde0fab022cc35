import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf, readJsonBody, readQuery } from '$lib/server/http';
import { limitQuery } from '$lib/contracts/input';
import type { RequestHandler } from './$types';

/** `{ kind: "admission" | "discharge" | "capacity", amount, note? }` with an optional Idempotency-Key. */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	try {
		const body = await readJsonBody(request);
		const f = await locals.runtime.services.quarantine.move(principalOf(locals), params.facility, body, request.headers.get('idempotency-key'));
		return json(f, { status: 201 });
	} catch (err) {
		return apiErrorFrom(err);
	}
};

export const GET: RequestHandler = async ({ params, locals, url }) => {
	try {
		const { limit } = readQuery(url, limitQuery);
		return json(await locals.runtime.services.quarantine.history(principalOf(locals), params.facility, limit));
	} catch (err) {
		return apiErrorFrom(err);
	}
};
