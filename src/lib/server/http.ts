/** JSON API helpers: one way to read bodies and to answer errors. */
import { fail, isActionFailure, json, type ActionFailure, type Cookies, type RequestEvent } from '@sveltejs/kit';
import type { ApiErrorBody, FieldError } from '../contracts/errors.ts';
import { fieldError, fieldErrorsFrom } from '../contracts/errors.ts';
import { badFieldsIn, badInputIn } from '../contracts/input.ts';
import type { Principal } from '../domain/access.ts';
import {
	ForbiddenError,
	IdempotencyKeyReusedError,
	NotFoundError,
	RuleRefusedError,
	ShuttingDownError,
	TooManyRequestsError,
	UnauthenticatedError,
	ValidationError
} from './errors.ts';

/** Vietnamese names of what a 404 did not find (code names otherwise). */
const ENTITY_VI: Record<string, string> = {
	ward: 'phường',
	checkpoint: 'chốt kiểm soát',
	wall_layout: 'bố cục màn hình',
	kiosk_token: 'màn hình (kiosk)',
	board: 'bảng công việc',
	report: 'báo cáo',
	blockade: 'khu phong tỏa',
	readiness_template: 'mẫu sẵn sàng theo phương châm'
};

/** A key sent again with other values (409): the device must not believe its new values were saved. */
const IDEMPOTENCY_KEY_REUSED: ApiErrorBody = {
	error: 'idempotency_key_reused',
	message: 'Khóa chống gửi trùng (Idempotency-Key) này đã được dùng cho một nội dung khác; không có gì được lưu',
	messageEn: 'This Idempotency-Key was already used with a different request; nothing was saved'
};

/**
 * Reads a JSON body: a JSON object (every body the API takes is one), no deeper than
 * MAX_JSON_DEPTH, with only text the database can store (no NUL, no lone surrogate) — or throws a
 * ValidationError naming the path at fault, before any service sees it.
 */
export async function readJsonBody(request: Request): Promise<Record<string, unknown>> {
	const type = request.headers.get('content-type') ?? '';
	if (!type.toLowerCase().includes('application/json')) {
		throw new ValidationError([fieldError('', 'invalid_body', 'Content-Type must be application/json')]);
	}
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		throw new ValidationError([fieldError('', 'invalid_body', 'malformed JSON')]);
	}
	if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ValidationError([fieldError('', 'invalid_body')]);
	const bad = badInputIn(body);
	if (bad) throw new ValidationError([bad]);
	return body as Record<string, unknown>;
}

/**
 * Reads a form action's fields: a body that is not a form, a field given twice, or text that
 * cannot be stored is answered `fail(400)` naming the field (`repeatable`: fields that are lists). Use as
 * `const f = await readForm(request); if (formRefused(f)) return f;`
 */
export async function readForm(request: Request, repeatable: readonly string[] = []): Promise<FormData | ActionFailure<{ errors: FieldError[] }>> {
	let form: FormData;
	try {
		form = await request.formData();
	} catch {
		return fail(400, { errors: [fieldError('', 'invalid_body', 'không đọc được biểu mẫu / not a readable form')] });
	}
	const bad = badFieldsIn(form.entries(), repeatable);
	return bad ? fail(400, { errors: [bad] }) : form;
}

/** Narrows readForm's answer (SvelteKit's isActionFailure does not narrow a union with FormData). */
export function formRefused(f: FormData | ActionFailure<{ errors: FieldError[] }>): f is ActionFailure<{ errors: FieldError[] }> {
	return isActionFailure(f);
}

/**
 * A query string parsed by `schema`: each parameter at most once, only storable text, then the
 * schema (unknown parameters are ignored). Throws a ValidationError naming the parameter.
 */
export function readQuery<T>(
	url: URL,
	schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Parameters<typeof fieldErrorsFrom>[0] } } }
): T {
	const bad = badFieldsIn(url.searchParams.entries());
	if (bad) throw new ValidationError([bad]);
	const r = schema.safeParse(Object.fromEntries(url.searchParams));
	if (!r.success) throw new ValidationError(fieldErrorsFrom(r.error.issues));
	return r.data;
}

/** What every boundary answers for one refusal: the status, the body, extra headers. */
interface Refusal {
	status: number;
	body: ApiErrorBody;
	headers?: Record<string, string>;
}

/**
 * The one error table: a service or domain error → the answer every boundary gives (the JSON API,
 * form actions, loads), so a refusal reads the same on the API, the tablet form and a page. null:
 * not a refusal — a bug, left to handleError (500, logged, never shown).
 */
function refusalOf(err: unknown): Refusal | null {
	if (err instanceof ValidationError) {
		return {
			status: 400,
			body: { error: 'validation', message: 'Dữ liệu không hợp lệ, không có gì được lưu', messageEn: 'Invalid input; nothing was saved', errors: err.errors }
		};
	}
	if (err instanceof IdempotencyKeyReusedError) return { status: 409, body: IDEMPOTENCY_KEY_REUSED };
	if (err instanceof RuleRefusedError) {
		const first = err.errors[0]!;
		return { status: err.status, body: { error: 'rule_refused', code: first.code, message: first.message, messageEn: first.messageEn, errors: err.errors } };
	}
	if (err instanceof NotFoundError) {
		return {
			status: 404,
			body: {
				error: 'not_found',
				message: `Không tìm thấy ${ENTITY_VI[err.entity] ?? err.entity} "${err.key}"`,
				messageEn: `Unknown ${err.entity} "${err.key}"`
			}
		};
	}
	if (err instanceof ForbiddenError) return { status: 403, body: { error: 'forbidden', message: 'Không có quyền', messageEn: 'Forbidden' } };
	if (err instanceof UnauthenticatedError) {
		return {
			status: 401,
			body: {
				error: 'unauthorized',
				message: 'Sai tên đăng nhập hoặc mật khẩu, hoặc cần đăng nhập',
				messageEn: 'Wrong username or password, or sign-in required'
			}
		};
	}
	if (err instanceof TooManyRequestsError) {
		const minutes = Math.ceil(err.retryAfter / 60);
		return {
			status: 429,
			body: {
				error: 'too_many_requests',
				message: `Quá nhiều lần đăng nhập sai. Hãy thử lại sau ${minutes} phút.`,
				messageEn: `Too many failed sign-ins. Try again in ${minutes} min.`
			},
			headers: { 'retry-after': String(err.retryAfter) }
		};
	}
	if (err instanceof ShuttingDownError) {
		return {
			status: 503,
			body: {
				error: 'server_error',
				message: 'Máy chủ đang khởi động lại, hãy gửi lại sau ít giây',
				messageEn: 'The server is restarting; retry in a few seconds'
			}
		};
	}
	return null;
}

/** A refusal as a JSON answer; anything else is rethrown for handleError (500, logged). */
export function apiErrorFrom(err: unknown): Response {
	const r = refusalOf(err);
	if (!r) throw err;
	return json(r.body, { status: r.status, headers: r.headers });
}

/** The request's principal; the guard in hooks.server.ts already refused anonymous requests. */
export function principalOf(locals: App.Locals): Principal {
	if (!locals.principal) throw new UnauthenticatedError();
	return locals.principal;
}

/**
 * A refusal inside a form action as `fail()` with field errors: the same table, so the form says
 * what the API says; a refusal about no field in particular is shown on the form as a whole ("").
 */
function actionFailure(err: unknown, extra: Record<string, unknown> = {}) {
	const r = refusalOf(err);
	if (!r) throw err;
	const errors: FieldError[] = r.body.errors?.length ? r.body.errors : [{ field: '', code: 'invalid', message: r.body.message, messageEn: r.body.messageEn }];
	return fail(r.status, { errors, ...extra });
}

/** What a JSON route's own code gets: the services, who is asking, the path parameters, the URL and the request. */
export interface RouteInput<P> {
	services: App.Locals['runtime']['services'];
	actor: Principal;
	params: P;
	url: URL;
	request: Request;
}

/** A route's answer: a value is sent as JSON; a Response (a CSV file) as it is; nothing is 204. */
function answer(value: unknown, status: number): Response {
	if (value instanceof Response) return value;
	if (value === undefined) return new Response(null, { status: 204 });
	return json(value, { status });
}

const inputOf = <P extends Partial<Record<string, string>>>(event: RequestEvent<P>): RouteInput<P> => ({
	services: event.locals.runtime.services,
	actor: principalOf(event.locals),
	params: event.params,
	url: event.url,
	request: event.request
});

/**
 * The thin adapters every JSON route is made of: the route says which service method to call; the
 * adapter signs the caller in (401), reads the body strictly (`readJsonBody`), passes the
 * Idempotency-Key, and answers every refusal through the one error table (`refusalOf`) — so no
 * route writes its own try/catch and a refusal reads the same everywhere.
 */
export function apiRead<P extends Partial<Record<string, string>>>(run: (c: RouteInput<P>) => Promise<unknown>) {
	return async (event: RequestEvent<P>): Promise<Response> => {
		try {
			return answer(await run(inputOf(event)), 200);
		} catch (err) {
			return apiErrorFrom(err);
		}
	};
}

/**
 * A JSON write: `run` gets the body and the Idempotency-Key too; `status` is the success answer
 * (201 for a creation). `{ body: false }` for a command that takes none (generate a report now).
 */
export function apiWrite<P extends Partial<Record<string, string>>>(
	run: (c: RouteInput<P> & { body: Record<string, unknown>; key: string | null }) => Promise<unknown>,
	status = 200,
	opts: { body?: boolean } = {}
) {
	return async (event: RequestEvent<P>): Promise<Response> => {
		try {
			const input = inputOf(event);
			const body = opts.body === false ? {} : await readJsonBody(event.request);
			return answer(await run({ ...input, body, key: event.request.headers.get('idempotency-key') }), status);
		} catch (err) {
			return apiErrorFrom(err);
		}
	};
}

/** What a form action's own code gets: the services, who is asking, the form, its entry key, the path parameters. */
export interface FormInput<P> {
	services: App.Locals['runtime']['services'];
	actor: Principal;
	form: FormData;
	/** The page's per-load entry key (a resent form is counted once); null when absent. */
	key: string | null;
	params: P;
	/** The request's cookies (changing a password keeps this session and ends the others). */
	cookies: Cookies;
}

export interface FormActionOptions<P extends Partial<Record<string, string>>, R, A> {
	/** Which form it was: given back as `{ saved: name }`, and as `{ [tag]: name }` with a refusal. */
	name?: string | ((f: FormData) => string);
	tag?: string;
	/** More to give back with a refusal (what was typed, so the form keeps it). */
	extra?: (f: FormData) => Record<string, unknown>;
	/** The answer on success, from the service's result (a one-time token, a redirect…); default `{ saved: name }`. */
	answer?: (result: R, f: FormData, event: RequestEvent<P>) => A;
	/** Fields that may be given more than once (checkboxes). */
	repeatable?: readonly string[];
}

/**
 * The form-action adapter (browsers without JavaScript): reads the form strictly (`readForm`),
 * calls `run`, answers `{ saved: name }` (or `answer`) — or the refusal through the one error
 * table, tagged with which form it was so the page shows it next to that form.
 */
export function formAction<P extends Partial<Record<string, string>>, R, A = { saved: string | null }>(
	run: (c: FormInput<P>) => Promise<R>,
	opts: FormActionOptions<P, R, A> = {}
) {
	return async (event: RequestEvent<P>) => {
		const f = await readForm(event.request, opts.repeatable);
		if (formRefused(f)) return f;
		const which = typeof opts.name === 'function' ? opts.name(f) : (opts.name ?? null);
		let result: R;
		try {
			result = await run({
				services: event.locals.runtime.services,
				actor: principalOf(event.locals),
				form: f,
				key: String(f.get('idempotencyKey') ?? '') || null,
				params: event.params,
				cookies: event.cookies
			});
		} catch (err) {
			return actionFailure(err, { ...(opts.tag ? { [opts.tag]: which } : {}), ...(opts.extra?.(f) ?? {}) });
		}
		// Outside the try: an answer may redirect (SvelteKit's redirect() throws).
		return opts.answer ? opts.answer(result, f, event) : ({ saved: which } as A);
	};
}
