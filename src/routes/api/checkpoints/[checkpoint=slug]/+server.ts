import { apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** `{ name?, kind?, leadUnit?, required? }` (admin, district commander); the police rule is checked on the result. */
export const PATCH: RequestHandler = apiWrite(({ services, actor, params, body, key }) => services.checkpoints.edit(actor, params.checkpoint, body, key));
