import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf } from '$lib/server/http';
import { NotFoundError } from '$lib/server/errors';
import type { RequestHandler } from './$types';

/** One board: its summary and its columns and cards as stored (edits of the last ~50 ms may be missing). */
export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		const found = await locals.runtime.services.boards.content(principalOf(locals), params.id);
		if (!found) throw new NotFoundError('board', params.id);
		return json(found);
	} catch (err) {
		return apiErrorFrom(err);
	}
};
