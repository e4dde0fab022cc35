/**
 * The reports pages' loads ask the service, which decides who may read (admin, district
 * commander, viewer). Its refusals become the page's 403 / 404 here; anything else is a real
 * failure for handleError.
 */
import { error } from '@sveltejs/kit';
import { reportIdParam } from '$lib/contracts/report-pages';
import { ForbiddenError, NotFoundError } from '$lib/server/errors';

export async function orPageError<T>(run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (err) {
		if (err instanceof ForbiddenError) error(403, { message: 'Bạn không có quyền xem báo cáo', messageEn: 'You may not read the reports' });
		if (err instanceof NotFoundError) error(404, { message: 'Không có báo cáo này', messageEn: 'No such report' });
		throw err;
	}
}

export function notFound(id: string): never {
	error(404, { message: `Không có báo cáo số ${id}`, messageEn: `No report ${id}` });
}

/** The route's id as a number (the matcher let only digits through; zod also bounds it). */
export function reportId(raw: string): number {
	const r = reportIdParam.safeParse(raw);
	if (!r.success) notFound(raw);
	return r.data;
}
