import { apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** A testing round `{ round, of, date, samples, positives }`: the next round, n ≤ m, on a day of the blockade. */
export const POST: RequestHandler = apiWrite(
	({ services, actor, params, body, key }) => services.blockades.recordRound(actor, Number(params.id), body, key),
	201
);
