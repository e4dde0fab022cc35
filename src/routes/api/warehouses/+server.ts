import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf, readJsonBody } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The standing warehouses the caller may read. */
export const GET: RequestHandler = async ({ locals }) => {
	try {
		return json(await locals.runtime.services.stock.warehousesFor(principalOf(locals), undefined));
	} catch (err) {
		return apiErrorFrom(err);
	}
};

/** A new warehouse `{ code, name, wardCode }` (admin, district commander): 201, every standing item at 0. */
export const POST: RequestHandler = async ({ locals, request }) => {
	try {
		const body = await readJsonBody(request);
		const key = request.headers.get('idempotency-key');
		return json(await locals.runtime.services.stock.createWarehouse(principalOf(locals), body, key), { status: 201 });
	} catch (err) {
		return apiErrorFrom(err);
	}
};
