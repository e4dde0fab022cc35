import { apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** A check-out `{ dutyId, enteredAt? }`. An optional Idempotency-Key makes a retry count once (see docs/api.md). */
export const POST: RequestHandler = apiWrite(
	({ services, actor, params, body, key }) => services.checkpoints.checkOut(actor, params.checkpoint, body, key),
	201
);
