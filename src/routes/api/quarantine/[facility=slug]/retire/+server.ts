import { apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** `{ reason }` (admin, district commander): an empty facility leaves every total, keeps its history; its code is never reused. */
export const POST: RequestHandler = apiWrite(({ services, actor, params, body, key }) => services.quarantine.retire(actor, params.facility, body, key));
