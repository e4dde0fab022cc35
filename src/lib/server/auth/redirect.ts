/**
 * Open redirects: where a redirect may send a browser. Pure; every `redirect()` whose target is
 * not a constant goes through {@link safeNext} (the login's `?next=`, the guard, the kiosk link,
 * the pages that redirect to what they created).
 */

/** Long enough for any page of ours with its query; a longer `next` is not one. */
const MAX_LENGTH = 2048;
/** C0 controls, DEL and C1 controls: browsers drop tabs/newlines (`/\t/evil` becomes `//evil`). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** `//host` and `/\host` are network-path references (browsers read `\` as `/`). */
function startsAsSitePath(p: string): boolean {
	return p.startsWith('/') && p[1] !== '/' && p[1] !== '\\' && !CONTROL.test(p);
}

/** As sent: a path of this site, nothing a browser could read as another host. */
function isSitePath(p: string): boolean {
	// No backslash at all, no spaces (incl. Unicode separators some URL parsers strip): our own
	// links are percent-encoded.
	return startsAsSitePath(p) && !p.includes('\\') && !/[\s\u2028\u2029]/.test(p);
}

/**
 * `next` when it is a same-origin path (`/ward/kim-ma?tab=2`), otherwise `fallback`. Refused:
 * anything with a scheme (`https://evil`, `javascript:`), `//evil`, `/\evil`, any backslash,
 * control characters or spaces — also once percent-decoded (`/%09/evil`, `/%2F%2Fevil`), since
 * some later hop may decode it — and anything that does not resolve onto our own origin.
 */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
	if (typeof next !== 'string' || next.length === 0 || next.length > MAX_LENGTH) return fallback;
	let decoded: string;
	try {
		decoded = decodeURIComponent(next);
	} catch {
		return fallback; // malformed escapes: not a link any page of ours makes
	}
	if (!isSitePath(next) || !startsAsSitePath(decoded)) return fallback;
	const base = 'http://site.invalid';
	try {
		return new URL(next, base).origin === base ? next : fallback;
	} catch {
		return fallback;
	}
}
