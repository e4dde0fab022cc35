import { apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Lifts an active blockade by a decision `{ reference, note? }`. */
export const POST: RequestHandler = apiWrite(({ services, actor, params, body, key }) => services.blockades.lift(actor, Number(params.id), body, key));
