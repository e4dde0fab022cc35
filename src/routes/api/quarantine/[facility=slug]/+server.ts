import { apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** `{ name?, kind?, address? }` (admin, district commander); beds and status move only by entries. */
export const PATCH: RequestHandler = apiWrite(({ services, actor, params, body, key }) => services.quarantine.edit(actor, params.facility, body, key));
