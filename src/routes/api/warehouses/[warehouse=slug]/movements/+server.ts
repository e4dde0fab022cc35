import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, locals, url }) => {
	try {
		const limit = Math.min(Math.max(Number(url.searchParams.get('limit')) || 50, 1), 500);
		return json(await locals.runtime.services.stock.movements(principalOf(locals), params.warehouse, limit));
	} catch (err) {
		return apiErrorFrom(err);
	}
};
