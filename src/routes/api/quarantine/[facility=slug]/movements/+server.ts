import { apiRead, apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';
import { readQuery } from '$lib/server/http';
import { limitQuery } from '$lib/contracts/input';

/** `{ kind: "admission" | "discharge" | "capacity", amount, note?, enteredAt? }` with an optional Idempotency-Key. */
export const POST: RequestHandler = apiWrite(({ services, actor, params, body, key }) => services.quarantine.move(actor, params.facility, body, key), 201);

export const GET: RequestHandler = apiRead(({ services, actor, params, url }) =>
	services.quarantine.history(actor, params.facility, readQuery(url, limitQuery).limit)
);
