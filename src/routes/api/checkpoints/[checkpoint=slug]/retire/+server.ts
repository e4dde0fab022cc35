import { apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** `{ reason }` (admin, district commander): only a checkpoint no one is on duty at. */
export const POST: RequestHandler = apiWrite(({ services, actor, params, body, key }) => services.checkpoints.retire(actor, params.checkpoint, body, key));
