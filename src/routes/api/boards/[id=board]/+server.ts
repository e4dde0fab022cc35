import { apiRead } from '$lib/server/http';
import type { RequestHandler } from './$types';
import { NotFoundError } from '$lib/server/errors';

/** One board: its summary and its columns and cards as stored (edits of the last ~50 ms may be missing). */
export const GET: RequestHandler = apiRead(async ({ services, actor, params }) => {
	const found = await services.boards.content(actor, params.id);
	if (!found) throw new NotFoundError('board', params.id);
	return found;
});
