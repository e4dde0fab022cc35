import { apiRead, apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';
import { readQuery } from '$lib/server/http';
import { reportFilterSchema } from '$lib/contracts/reports';

/** `?from=yyyy-MM-dd&to=yyyy-MM-dd` (local days, both included): the reports, newest first, without their content. */
export const GET: RequestHandler = apiRead(({ services, actor, url }) => services.reports.list(actor, readQuery(url, reportFilterSchema)));

/** Generate a report now (admin, district commander): the district as it stands. */
export const POST: RequestHandler = apiWrite(({ services, actor }) => services.reports.generateNow(actor), 201, { body: false });
