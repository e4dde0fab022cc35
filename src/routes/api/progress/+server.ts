import { apiRead } from '$lib/server/http';
import type { RequestHandler } from './$types';

/**
 * Testing and vaccination progress now: per ward the caller may read, today's samples, positives
 * and doses, the doses to date and the coverage of its population; and their sum (issue 13 §3).
 */
export const GET: RequestHandler = apiRead(({ services, actor }) => services.progress.progress(actor));
