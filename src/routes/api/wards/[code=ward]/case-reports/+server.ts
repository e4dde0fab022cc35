import { json } from '@sveltejs/kit';
import { NotFoundError } from '$lib/server/errors';
import { apiErrorFrom, principalOf, readJsonBody, readQuery } from '$lib/server/http';
import { limitQuery } from '$lib/contracts/input';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ params, request, locals }) => {
	try {
		// An unknown ward is a 404 whatever the body holds.
		if (!locals.runtime.services.district.ward(params.code)) throw new NotFoundError('ward', params.code);
		const body = await readJsonBody(request);
		// Idempotency-Key (made by the sender): a retried POST returns the first report, saves nothing more.
		const key = request.headers.get('idempotency-key');
		const report = await locals.runtime.services.cases.report(principalOf(locals), params.code, body, 'api', key);
		return json(report, { status: 201 });
	} catch (err) {
		return apiErrorFrom(err);
	}
};

export const GET: RequestHandler = async ({ params, url, locals }) => {
	try {
		const { limit } = readQuery(url, limitQuery);
		return json(await locals.runtime.services.cases.history(principalOf(locals), params.code, limit));
	} catch (err) {
		return apiErrorFrom(err);
	}
};
