import { error, json, redirect, type Handle, type HandleServerError, type RequestEvent } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/registry';
import { decide } from '$lib/server/auth/guard';
import { bearerToken, KIOSK_COOKIE, SESSION_COOKIE } from '$lib/server/services/auth';
import { crossSitePage, FORBIDDEN_PAGE, FORBIDDEN_ROUTE, kioskRevokedPage } from '$lib/server/auth/pages';
import { CROSS_SITE_REFUSAL, credentialKind, crossSiteVerdict } from '$lib/server/auth/cross-site';
import { safeNext } from '$lib/server/auth/redirect';

/** A kiosk stays signed in: the cookie outlives any TV (revocation is server-side). */
const KIOSK_COOKIE_MAX_AGE = 10 * 365 * 24 * 3600;

export const handle: Handle = async ({ event, resolve }) => {
	const runtime = getRuntime();
	event.locals.runtime = runtime;
	const { auth, tokens } = runtime.services;
	const secure = event.url.protocol === 'https:';
	const isApi = event.url.pathname.startsWith('/api/');

	const bearer = bearerToken(event.request.headers.get('authorization'));
	const credentials = {
		bearer,
		sessionToken: event.cookies.get(SESSION_COOKIE) ?? null,
		kioskToken: event.cookies.get(KIOSK_COOKIE) ?? null
	};

	// CSRF, for every write of every content type (SvelteKit's own check, off in svelte.config.js,
	// only sees form posts): decided before anything is read, authenticated or changed.
	const crossSite = crossSiteVerdict({
		kind: 'http',
		method: event.request.method,
		credential: credentialKind(credentials),
		origin: event.request.headers.get('origin'),
		secFetchSite: event.request.headers.get('sec-fetch-site'),
		ownOrigin: event.url.origin,
		allowedOrigins: runtime.allowedOrigins
	});
	if (!crossSite.ok) {
		runtime.logger.warn(
			{ origin: event.request.headers.get('origin'), method: event.request.method, path: event.url.pathname, reason: crossSite.reason },
			'cross-site request refused'
		);
		return isApi ? json(CROSS_SITE_REFUSAL, { status: 403 }) : crossSitePage();
	}

	// A TV opens /wall?kiosk=<token> once: the token moves into a cookie and out of the URL.
	const kioskParam = event.url.searchParams.get('kiosk');
	if (kioskParam && event.url.pathname === '/wall') {
		const kiosk = await tokens.kiosks.resolve(kioskParam);
		if (!kiosk) return kioskRevokedPage(403);
		event.cookies.set(KIOSK_COOKIE, kioskParam, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: KIOSK_COOKIE_MAX_AGE });
		const clean = new URL(event.url);
		clean.searchParams.delete('kiosk');
		redirect(303, safeNext(clean.pathname + clean.search));
	}

	const a = await auth.authenticate(credentials);
	if (a.problem === 'session_ended') event.cookies.delete(SESSION_COOKIE, { path: '/' });
	event.locals.principal = a.principal;
	event.locals.mustChangePassword = a.mustChangePassword;

	if (isApi && a.problem === 'invalid_token') {
		return json(
			{ error: 'unauthorized', message: 'Mã truy cập không hợp lệ hoặc đã bị thu hồi', messageEn: 'Invalid or revoked token' },
			{ status: 401, headers: { 'www-authenticate': 'Bearer' } }
		);
	}

	const decision = decide(event.route.id, event.params, a.principal, a.mustChangePassword);
	switch (decision.kind) {
		case 'signin':
			if (isApi) {
				return json(
					{ error: 'unauthorized', message: 'Cần đăng nhập', messageEn: 'Sign-in required' },
					{ status: 401, headers: { 'www-authenticate': 'Bearer' } }
				);
			}
			// A wall whose kiosk token was revoked goes blank — never to a login form at 3 a.m.
			if (a.problem === 'kiosk_revoked') return kioskRevokedPage(403);
			redirect(303, `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
			break;
		case 'change_password':
			if (isApi) return json({ error: 'forbidden', message: 'Phải đổi mật khẩu trước', messageEn: 'Change your password first' }, { status: 403 });
			redirect(303, '/account/password');
			break;
		case 'forbidden':
			if (isApi) return json({ error: 'forbidden', message: 'Không có quyền', messageEn: 'Forbidden' }, { status: 403 });
			// A browser opening a page gets the styled page of +error.svelte (an error() thrown here
			// would get SvelteKit's bare fallback); anything else (a form post, a data request) the error.
			if ((event.request.method === 'GET' || event.request.method === 'HEAD') && !event.isDataRequest && wantsHtml(event.request)) {
				return forbiddenPage(event);
			}
			error(403, FORBIDDEN_PAGE);
			break;
		case 'redirect':
			redirect(303, safeNext(decision.to));
			break;
		case 'ok':
			break;
	}

	const response = await resolve(event);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	response.headers.set('x-frame-options', 'DENY');
	if (a.principal?.kind === 'user' || event.url.pathname.startsWith('/api/')) {
		// Personal or token-scoped answers must not sit in shared caches.
		response.headers.set('cache-control', 'no-store');
	}
	return response;
};

/** What a browser navigating sends; fetch() and scripts ask for anything or for JSON. */
function wantsHtml(request: Request): boolean {
	return (request.headers.get('accept') ?? '').includes('text/html');
}

/** The 403 page rendered by +error.svelte (through the /forbidden route), at the refused URL. */
async function forbiddenPage(event: RequestEvent): Promise<Response> {
	const rendered = await event.fetch(FORBIDDEN_ROUTE, { headers: { accept: 'text/html' } });
	return new Response(rendered.body, { status: 403, headers: rendered.headers });
}

/** Errors never leak stack traces or SQL: the log gets the detail, the user an id to quote. */
export const handleError: HandleServerError = ({ error: err, event, status, message }) => {
	if (status === 404) return { message: 'Không tìm thấy trang', messageEn: 'Not found' };
	const id = crypto.randomUUID();
	try {
		getRuntime().logger.error({ err, id, path: event.url.pathname, status }, 'request failed');
	} catch {
		console.error(err);
	}
	return { message: status >= 500 ? 'Lỗi máy chủ' : message, messageEn: status >= 500 ? 'Server error' : message, id };
};
