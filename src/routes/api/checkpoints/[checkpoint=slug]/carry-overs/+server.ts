import { apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Carry a check-in left open from an ended shift over into the running shift. An optional Idempotency-Key makes a retry count once (see docs/api.md). */
export const POST: RequestHandler = apiWrite(
	({ services, actor, params, body, key }) => services.checkpoints.carryOver(actor, params.checkpoint, body, key),
	201
);
