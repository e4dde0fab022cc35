/**
 * Cross-site request forgery and cross-site WebSocket hijacking: may this request, sent with the
 * browser's ambient credentials (our session or kiosk cookie), act? Pure: the HTTP hook
 * (src/hooks.server.ts) and the upgrade handler (server/realtime.ts) hand it the headers.
 *
 * SameSite=Lax does not cover this: a page on another port of the same host is "same-site", so
 * the browser sends our cookies with its POSTs and WebSocket handshakes. Only the origin tells.
 */
import type { Credentials } from '../services/auth.ts';

/** What a refusal says, in every door's answer (JSON, page, log). */
export const CROSS_SITE_REFUSAL = {
	error: 'cross_site',
	message: 'Yêu cầu đến từ một trang web khác nên bị từ chối; không có gì thay đổi',
	messageEn: 'Cross-site request refused; nothing was changed'
} as const;

/** Methods that change nothing (their handlers must keep it so); every other method is checked. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CrossSiteRequest {
	/** `http` for a request, `upgrade` for a WebSocket handshake (a GET that opens a write channel). */
	kind: 'http' | 'upgrade';
	method: string;
	/**
	 * How the request authenticates: `bearer` (Authorization: Bearer or `?token=`: a page on
	 * another site cannot make a browser add these), `cookie` (our session or kiosk cookie), `none`.
	 */
	credential: 'bearer' | 'cookie' | 'none';
	/** The `Origin` header, if any. */
	origin: string | null;
	/** The `Sec-Fetch-Site` header, if any. */
	secFetchSite: string | null;
	/** scheme://host[:port] of this server as the client reached it. */
	ownOrigin: string;
	/** Further origins that are this server too (ORIGIN, ALLOWED_ORIGINS: a proxy's public name). */
	allowedOrigins: readonly string[];
}

export type CrossSiteVerdict = { ok: true } | { ok: false; reason: 'foreign_origin' | 'cross_site_fetch' };

/** Which kind of credential a request carries; a bearer token wins, as in authentication. */
export function credentialKind(c: Credentials): CrossSiteRequest['credential'] {
	if (c.bearer) return 'bearer';
	return c.sessionToken || c.kioskToken ? 'cookie' : 'none';
}

/** `scheme://host[:port]`, lower-cased, default port dropped; null for anything that is not one. */
export function normalizeOrigin(value: string): string | null {
	try {
		const u = new URL(value);
		if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
		return u.origin;
	} catch {
		return null;
	}
}

export function crossSiteVerdict(r: CrossSiteRequest): CrossSiteVerdict {
	if (r.credential === 'bearer') return { ok: true };
	if (r.kind === 'http' && SAFE_METHODS.has(r.method.toUpperCase())) return { ok: true };
	// An anonymous handshake hijacks nothing (and is refused by authorization anyway). An anonymous
	// POST is still checked: a foreign page signing a browser into the attacker's account (login CSRF).
	if (r.kind === 'upgrade' && r.credential === 'none') return { ok: true };

	if (r.origin !== null) {
		// "null" (sandboxed frames, file:, some redirects) is no origin of ours either.
		const origin = normalizeOrigin(r.origin);
		const own = new Set([r.ownOrigin, ...r.allowedOrigins].map(normalizeOrigin));
		return origin !== null && own.has(origin) ? { ok: true } : { ok: false, reason: 'foreign_origin' };
	}
	if (r.secFetchSite !== null) {
		// `same-site` is NOT enough: another port or a sibling host name is another origin.
		const v = r.secFetchSite.trim().toLowerCase();
		return v === 'same-origin' || v === 'none' ? { ok: true } : { ok: false, reason: 'cross_site_fetch' };
	}
	// Neither header: not a browser (every browser sends Origin on cross-origin POSTs and on
	// WebSocket handshakes). curl with a stolen cookie is cookie theft, not request forgery.
	return { ok: true };
}
