/** JSON API helpers: one way to read bodies and to answer errors. */
import { json } from '@sveltejs/kit';
import type { ApiErrorBody } from '../contracts/errors.ts';
import { fieldError } from '../contracts/cases.ts';
import { NotFoundError, ShuttingDownError, ValidationError } from './errors.ts';

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
			message: `Không tìm thấy ${err.entity === 'ward' ? 'phường' : err.entity} "${err.key}"`,
			messageEn: `Unknown ${err.entity} "${err.key}"`
		});
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
