import { apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Adds the template's card to every ward's board (admin, district commander); idempotent. No body. */
export const POST: RequestHandler = apiWrite(({ services, actor, params, key }) => services.readiness.apply(actor, params.template, key), 200, { body: false });
