import { apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/**
 * `{ status, note?, decisionRef?, acceptance?: { inspectedBy, inspectedAt, note? }, enteredAt? }`, by
 * the state machine in domain/quarantine.ts: a refused change is 409 (403 for a conversion by a
 * ward account) with the rule's code.
 */
export const POST: RequestHandler = apiWrite(({ services, actor, params, body, key }) => services.quarantine.setStatus(actor, params.facility, body, key));
