import { apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** A check-in `{ personName, personKey, force, enteredAt? }`; one person, one checkpoint at a time. An optional Idempotency-Key makes a retry count once (see docs/api.md). */
export const POST: RequestHandler = apiWrite(
	({ services, actor, params, body, key }) => services.checkpoints.checkIn(actor, params.checkpoint, body, key),
	201
);
