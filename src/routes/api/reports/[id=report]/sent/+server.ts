import { apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Marks the report as sent to the city (admin, district commander); the first mark stays. */
export const POST: RequestHandler = apiWrite(({ services, actor, params }) => services.reports.markSent(actor, Number(params.id)), 200, { body: false });
