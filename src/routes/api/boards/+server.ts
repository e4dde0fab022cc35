import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf, readJsonBody } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The boards the caller may read, with open / overdue / due-today counts. */
export const GET: RequestHandler = async ({ locals }) => {
	try {
		return json(await locals.runtime.services.boards.list(principalOf(locals)));
	} catch (err) {
		return apiErrorFrom(err);
	}
};

/** `{ id, title, ward? }` — a new board (admin, district commander), with the default columns. */
export const POST: RequestHandler = async ({ locals, request }) => {
	try {
		const body = await readJsonBody(request);
		return json(await locals.runtime.services.boards.create(principalOf(locals), body), { status: 201 });
	} catch (err) {
		return apiErrorFrom(err);
	}
};
