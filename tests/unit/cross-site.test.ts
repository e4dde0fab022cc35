import { describe, expect, it } from 'vitest';
import { credentialKind, crossSiteVerdict, normalizeOrigin, type CrossSiteRequest } from '../../src/lib/server/auth/cross-site.ts';

const OWN = 'http://127.0.0.1:3000';
const base: CrossSiteRequest = {
	kind: 'http',
	method: 'POST',
	credential: 'cookie',
	origin: null,
	secFetchSite: null,
	ownOrigin: OWN,
	allowedOrigins: []
};
const verdict = (r: Partial<CrossSiteRequest>) => crossSiteVerdict({ ...base, ...r });

describe('crossSiteVerdict', () => {
	it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'post'])('refuses a cookie %s from another origin', (method) => {
		expect(verdict({ method, origin: 'http://evil.example' })).toEqual({ ok: false, reason: 'foreign_origin' });
	});

	it('a different port on the same host is a different origin', () => {
		expect(verdict({ origin: 'http://127.0.0.1:3001' }).ok).toBe(false);
		expect(verdict({ origin: 'https://127.0.0.1:3000' }).ok).toBe(false);
		expect(verdict({ origin: 'http://localhost:3000' }).ok).toBe(false);
	});

	it('accepts its own origin, however it is spelled', () => {
		expect(verdict({ origin: OWN }).ok).toBe(true);
		expect(verdict({ origin: 'HTTP://127.0.0.1:3000' }).ok).toBe(true);
		expect(verdict({ ownOrigin: 'http://Example.vn:80', origin: 'http://example.vn' }).ok).toBe(true);
	});

	it('refuses the opaque origin "null" and anything that is not an http(s) origin', () => {
		for (const origin of ['null', '', 'file://', 'javascript:alert(1)', 'not a url']) expect(verdict({ origin }).ok).toBe(false);
	});

	it('accepts the configured extra origins (a proxy)', () => {
		expect(verdict({ origin: 'https://cp.example.vn', allowedOrigins: ['https://cp.example.vn'] }).ok).toBe(true);
		expect(verdict({ origin: 'https://other.example.vn', allowedOrigins: ['https://cp.example.vn'] }).ok).toBe(false);
	});

	it('without Origin, trusts Sec-Fetch-Site same-origin/none only (same-site is another port or host)', () => {
		expect(verdict({ secFetchSite: 'same-origin' }).ok).toBe(true);
		expect(verdict({ secFetchSite: 'none' }).ok).toBe(true);
		expect(verdict({ secFetchSite: 'same-site' })).toEqual({ ok: false, reason: 'cross_site_fetch' });
		expect(verdict({ secFetchSite: 'cross-site' })).toEqual({ ok: false, reason: 'cross_site_fetch' });
		expect(verdict({ secFetchSite: 'bogus' }).ok).toBe(false);
	});

	it('Origin wins over Sec-Fetch-Site', () => {
		expect(verdict({ origin: OWN, secFetchSite: 'cross-site' }).ok).toBe(true);
		expect(verdict({ origin: 'http://evil.example', secFetchSite: 'same-origin' }).ok).toBe(false);
	});

	it('lets a client that sends neither header through (not a browser: no forgery possible)', () => {
		expect(verdict({}).ok).toBe(true);
	});

	it('lets safe methods through, and bearer requests from anywhere', () => {
		for (const method of ['GET', 'HEAD', 'OPTIONS']) expect(verdict({ method, origin: 'http://evil.example' }).ok).toBe(true);
		expect(verdict({ credential: 'bearer', origin: 'http://evil.example' }).ok).toBe(true);
		expect(verdict({ kind: 'upgrade', method: 'GET', credential: 'bearer', origin: 'http://evil.example' }).ok).toBe(true);
	});

	it('checks anonymous writes too (login CSRF), but not anonymous upgrades', () => {
		expect(verdict({ credential: 'none', origin: 'http://evil.example' }).ok).toBe(false);
		expect(verdict({ kind: 'upgrade', method: 'GET', credential: 'none', origin: 'http://evil.example' }).ok).toBe(true);
	});

	it('checks a WebSocket handshake with a cookie although it is a GET', () => {
		expect(verdict({ kind: 'upgrade', method: 'GET', origin: 'http://127.0.0.1:3001' }).ok).toBe(false);
		expect(verdict({ kind: 'upgrade', method: 'GET', origin: OWN }).ok).toBe(true);
	});
});

describe('credentialKind', () => {
	it('a bearer token wins; then a session or kiosk cookie', () => {
		expect(credentialKind({ bearer: 't', sessionToken: 's' })).toBe('bearer');
		expect(credentialKind({ sessionToken: 's' })).toBe('cookie');
		expect(credentialKind({ kioskToken: 'k' })).toBe('cookie');
		expect(credentialKind({})).toBe('none');
	});
});

describe('normalizeOrigin', () => {
	it('scheme://host[:port], lower-case, default port dropped', () => {
		expect(normalizeOrigin('https://CP.example.vn:443/path?q')).toBe('https://cp.example.vn');
		expect(normalizeOrigin('ftp://x')).toBeNull();
		expect(normalizeOrigin('null')).toBeNull();
	});
});
