import { apiRead } from '$lib/server/http';
import type { RequestHandler } from './$types';
import { readQuery } from '$lib/server/http';
import { limitQuery } from '$lib/contracts/input';

/** The warehouse's ledger, newest first. */
export const GET: RequestHandler = apiRead(({ services, actor, params, url }) =>
	services.stock.movements(actor, params.warehouse, readQuery(url, limitQuery).limit)
);
