import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { clientProtocol, requestOrigin } from '../../server/origin.ts';

describe('ALLOWED_ORIGINS / ORIGIN', () => {
	it('none by default', () => {
		expect(loadConfig({}).allowedOrigins).toEqual([]);
	});

	it('a comma-separated list, normalised, with ORIGIN included once', () => {
		const c = loadConfig({ ORIGIN: 'https://cp.example.vn', ALLOWED_ORIGINS: ' https://CP.example.vn:443 , http://10.0.0.5:3000/ ' });
		expect(c.allowedOrigins).toEqual(['https://cp.example.vn', 'http://10.0.0.5:3000']);
	});

	it('refuses an entry that is not an http(s) origin, naming the variable', () => {
		for (const bad of ['cp.example.vn', 'ftp://cp.example.vn', 'https://ok.vn,nope']) {
			expect(() => loadConfig({ ALLOWED_ORIGINS: bad })).toThrow(ConfigError);
			expect(() => loadConfig({ ALLOWED_ORIGINS: bad })).toThrow(/ALLOWED_ORIGINS/);
		}
	});
});

describe('the origin of a raw request as the client saw it', () => {
	const req = (headers: Record<string, string>, encrypted = false) => ({ headers, socket: { encrypted } }) as unknown as IncomingMessage;

	it('http, or https on a TLS socket', () => {
		expect(requestOrigin(req({ host: '127.0.0.1:3000' }), false)).toBe('http://127.0.0.1:3000');
		expect(requestOrigin(req({ host: 'cp.example.vn' }, true), false)).toBe('https://cp.example.vn');
	});

	it('X-Forwarded-Proto only behind a trusted proxy, and only http or https', () => {
		expect(clientProtocol(req({ 'x-forwarded-proto': 'https' }), false)).toBe('http');
		expect(clientProtocol(req({ 'x-forwarded-proto': 'https, http' }), true)).toBe('https');
		expect(clientProtocol(req({ 'x-forwarded-proto': 'gopher' }), true)).toBe('http');
	});
});
