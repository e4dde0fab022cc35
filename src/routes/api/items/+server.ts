import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf, readJsonBody } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The standing essential-goods items, in display order. */
export const GET: RequestHandler = async ({ locals }) => {
	try {
		principalOf(locals);
		return json(await locals.runtime.services.stock.items());
	} catch (err) {
		return apiErrorFrom(err);
	}
};

/** A new item `{ code, name, unit, minDays }` (admin, district commander): 201, at 0 in every standing warehouse. */
export const POST: RequestHandler = async ({ locals, request }) => {
	try {
		const body = await readJsonBody(request);
		const key = request.headers.get('idempotency-key');
		return json(await locals.runtime.services.stock.createItem(principalOf(locals), body, key), { status: 201 });
	} catch (err) {
		return apiErrorFrom(err);
	}
};
