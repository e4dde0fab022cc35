import { apiRead, apiWrite, readJsonBody, readQuery } from '$lib/server/http';
import { limitQuery } from '$lib/contracts/input';
import { NotFoundError } from '$lib/server/errors';
import type { RequestHandler } from './$types';

/**
 * A ward's welfare report (issue 14 §2): what its field team did since its previous report. An
 * Idempotency-Key (made on the device) makes a resend count once. An unknown ward is a 404 and
 * another ward's a 403 whatever the body holds, so the body is read only after both are known.
 */
export const POST: RequestHandler = apiWrite(
	async ({ services, actor, params, request, key }) => {
		if (!services.district.ward(params.code)) throw new NotFoundError('ward', params.code);
		return services.welfare.report(actor, params.code, await readJsonBody(request), key);
	},
	201,
	{ body: false }
);

/** The ward's latest welfare reports, newest first. */
export const GET: RequestHandler = apiRead(({ services, actor, params, url }) =>
	services.welfare.history(actor, params.code, readQuery(url, limitQuery).limit)
);
