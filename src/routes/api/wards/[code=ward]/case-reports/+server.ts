import { apiRead, apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';
import { readJsonBody, readQuery } from '$lib/server/http';
import { limitQuery } from '$lib/contracts/input';
import { NotFoundError } from '$lib/server/errors';

/**
 * A ward's case report; an optional Idempotency-Key (made by the sender) makes a retried POST
 * return the first report and save nothing more. An unknown ward is a 404 whatever the body holds,
 * so the body is read only after the ward is known.
 */
export const POST: RequestHandler = apiWrite(
	async ({ services, actor, params, request, key }) => {
		if (!services.district.ward(params.code)) throw new NotFoundError('ward', params.code);
		return services.cases.report(actor, params.code, await readJsonBody(request), 'api', key);
	},
	201,
	{ body: false }
);

export const GET: RequestHandler = apiRead(({ services, actor, params, url }) => services.cases.history(actor, params.code, readQuery(url, limitQuery).limit));
