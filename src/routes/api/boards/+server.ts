import { apiRead, apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The boards the caller may read, with open / overdue / due-today counts. */
export const GET: RequestHandler = apiRead(({ services, actor }) => services.boards.list(actor));

/** `{ id, title, ward? }` — a new board (admin, district commander), with the default columns. */
export const POST: RequestHandler = apiWrite(({ services, actor, body }) => services.boards.create(actor, body), 201);
