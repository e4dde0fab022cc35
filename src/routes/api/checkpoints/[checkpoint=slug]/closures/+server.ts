import { apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Close a check-in left open from an ended shift (chưa kết thúc ca): checked out at the end of that shift. An optional Idempotency-Key makes a retry count once (see docs/api.md). */
export const POST: RequestHandler = apiWrite(
	({ services, actor, params, body, key }) => services.checkpoints.closeShift(actor, params.checkpoint, body, key),
	201
);
