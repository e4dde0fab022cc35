/** JSON API helpers: one way to read bodies and to answer errors. */
import { fail, json } from '@sveltejs/kit';
import type { ApiErrorBody } from '../contracts/errors.ts';
import { fieldError } from '../contracts/errors.ts';
import type { Principal } from '../domain/access.ts';
import {
	ForbiddenError,
	NotFoundError,
	ShuttingDownError,
	TooManyRequestsError,
	UnauthenticatedError,
	ValidationError
} from './errors.ts';

/** Vietnamese names of what a 404 did not find (code names otherwise). */
const ENTITY_VI: Record<string, string> = { ward: 'phường', wall_layout: 'bố cục màn hình', kiosk_token: 'màn hình (kiosk)', board: 'bảng công việc', report: 'báo cáo' };

export function apiError(status: number, body: ApiErrorBody): Response {
	return json(body, { status });
}

/** Reads a JSON body or throws a ValidationError that says the body is not JSON. */
export async function readJsonBody(request: Request): Promise<unknown> {
	const type = request.headers.get('content-type') ?? '';
	if (!type.toLowerCase().includes('application/json')) {
		throw new ValidationError([fieldError('', 'invalid_body', 'Content-Type must be application/json')]);
	}
	try {
		return await request.json();
	} catch {
		throw new ValidationError([fieldError('', 'invalid_body', 'malformed JSON')]);
	}
}

/** Maps a service error to an API answer; unknown errors are rethrown for handleError (500, logged). */
export function apiErrorFrom(err: unknown): Response {
	if (err instanceof ValidationError) {
		return apiError(400, {
			error: 'validation',
			message: 'Dữ liệu không hợp lệ, không có gì được lưu',
			messageEn: 'Invalid input; nothing was saved',
			errors: err.errors
		});
	}
	if (err instanceof NotFoundError) {
		return apiError(404, {
			error: 'not_found',
			message: `Không tìm thấy ${ENTITY_VI[err.entity] ?? err.entity} "${err.key}"`,
			messageEn: `Unknown ${err.entity} "${err.key}"`
		});
	}
	if (err instanceof ForbiddenError) {
		return apiError(403, { error: 'forbidden', message: 'Không có quyền', messageEn: 'Forbidden' });
	}
	if (err instanceof UnauthenticatedError) {
		return apiError(401, { error: 'unauthorized', message: 'Sai tên đăng nhập hoặc mật khẩu, hoặc cần đăng nhập', messageEn: 'Wrong username or password, or sign-in required' });
	}
	if (err instanceof TooManyRequestsError) {
		const minutes = Math.ceil(err.retryAfter / 60);
		return json(
			{
				error: 'too_many_requests',
				message: `Quá nhiều lần đăng nhập sai. Hãy thử lại sau ${minutes} phút.`,
				messageEn: `Too many failed sign-ins. Try again in ${minutes} min.`
			},
			{ status: 429, headers: { 'retry-after': String(err.retryAfter) } }
		);
	}
	if (err instanceof ShuttingDownError) {
		return apiError(503, {
			error: 'server_error',
			message: 'Máy chủ đang khởi động lại, hãy gửi lại sau ít giây',
			messageEn: 'The server is restarting; retry in a few seconds'
		});
	}
	throw err;
}

/** The request's principal; the guard in hooks.server.ts already refused anonymous requests. */
export function principalOf(locals: App.Locals): Principal {
	if (!locals.principal) throw new UnauthenticatedError();
	return locals.principal;
}

/** Maps a service error inside a form action to `fail()`; unknown errors go to handleError. */
export function actionFailure(err: unknown, extra: Record<string, unknown> = {}) {
	if (err instanceof ValidationError) return fail(400, { errors: err.errors, ...extra });
	if (err instanceof NotFoundError) return fail(404, { errors: [fieldError('', 'invalid', 'không tìm thấy / not found')], ...extra });
	if (err instanceof ForbiddenError) return fail(403, { errors: [fieldError('', 'invalid', 'không có quyền / forbidden')], ...extra });
	if (err instanceof ShuttingDownError) return fail(503, { errors: [fieldError('', 'invalid', 'máy chủ đang khởi động lại / restarting')], ...extra });
	throw err;
}
