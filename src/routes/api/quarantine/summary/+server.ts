import { apiRead } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The district's beds by the one rule: `{ quarantine: { capacity, occupied, free, preparing }, treatingF0: { capacity, occupied, free } }`. */
export const GET: RequestHandler = apiRead(({ services, actor }) => services.quarantine.summary(actor));
