import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf, readQuery } from '$lib/server/http';
import { limitQuery } from '$lib/contracts/input';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, locals, url }) => {
	try {
		const { limit } = readQuery(url, limitQuery);
		return json(await locals.runtime.services.stock.movements(principalOf(locals), params.warehouse, limit));
	} catch (err) {
		return apiErrorFrom(err);
	}
};
