import type { Handle, HandleServerError } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/registry';

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.runtime = getRuntime();
	const response = await resolve(event);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	return response;
};

/** Errors never leak stack traces or SQL: the log gets the detail, the user an id to quote. */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status === 404) return { message: 'Không tìm thấy trang', messageEn: 'Not found' };
	const id = crypto.randomUUID();
	try {
		getRuntime().logger.error({ err: error, id, path: event.url.pathname, status }, 'request failed');
	} catch {
		console.error(error);
	}
	return { message: status >= 500 ? 'Lỗi máy chủ' : message, messageEn: status >= 500 ? 'Server error' : message, id };
};
