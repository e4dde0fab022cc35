import { apiRead } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Readiness completion per ward and template (items ticked / items): the district's, or a ward reader's own ward. */
export const GET: RequestHandler = apiRead(({ services, actor }) => services.readiness.picture(actor));
