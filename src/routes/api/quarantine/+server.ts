import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf, readJsonBody, readQuery } from '$lib/server/http';
import { wardQuery } from '$lib/contracts/input';
import type { RequestHandler } from './$types';

/** Facilities the caller may read; `?ward=<code>` for one ward's. */
export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		return json(await locals.runtime.services.quarantine.list(principalOf(locals), readQuery(url, wardQuery).ward ?? null));
	} catch (err) {
		return apiErrorFrom(err);
	}
};

/** A new facility `{ code, name, wardCode, kind, address?, capacity, demo? }` (admin, district commander): 201, *đang chuẩn bị*, empty. */
export const POST: RequestHandler = async ({ locals, request }) => {
	try {
		const body = await readJsonBody(request);
		const key = request.headers.get('idempotency-key');
		return json(await locals.runtime.services.quarantine.register(principalOf(locals), body, key), { status: 201 });
	} catch (err) {
		return apiErrorFrom(err);
	}
};
