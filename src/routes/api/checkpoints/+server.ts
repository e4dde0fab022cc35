import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf, readJsonBody, readQuery } from '$lib/server/http';
import { wardQuery } from '$lib/contracts/input';
import type { RequestHandler } from './$types';

/** Checkpoints the caller may read with who is on duty; `?ward=<code>` for one ward's. */
export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		return json(await locals.runtime.services.checkpoints.list(principalOf(locals), readQuery(url, wardQuery).ward));
	} catch (err) {
		return apiErrorFrom(err);
	}
};

/** A new checkpoint `{ code, name, wardCode, kind, leadUnit, required }` (admin, district commander): 201; a control checkpoint needs `required.police` ≥ 1. */
export const POST: RequestHandler = async ({ locals, request }) => {
	try {
		const body = await readJsonBody(request);
		const key = request.headers.get('idempotency-key');
		return json(await locals.runtime.services.checkpoints.register(principalOf(locals), body, key), { status: 201 });
	} catch (err) {
		return apiErrorFrom(err);
	}
};
