import { describe, expect, it } from 'vitest';
import { safeNext } from '../../src/lib/server/auth/redirect.ts';

/** Each would leave the site (or could, after a browser's or a proxy's clean-up) and goes home. */
const TRICKY_NEXT = [
	'//evil.example',
	'//evil.example/path',
	'/\\evil.example',
	'\\\\evil.example',
	'\\/evil.example',
	'/\t/evil.example',
	'/\n/evil.example',
	'/\r\n/evil.example',
	'/%09/evil.example',
	'/%0a/evil.example',
	'/%2F%2Fevil.example',
	'/%2f/evil.example',
	'/%5Cevil.example',
	'/%5C%5Cevil.example',
	'/%zz',
	'https://evil.example',
	'http:evil.example',
	'javascript:alert(1)',
	'JaVaScRiPt:alert(1)',
	'data:text/html,<script>alert(1)</script>',
	'evil.example',
	' /ward',
	'/ward kim-ma',
	'/\u2028/evil.example',
	'/\u0000evil',
	'/' + 'a'.repeat(3000),
	''
];

describe('safeNext', () => {
	it.each(TRICKY_NEXT)('refuses %j', (next) => {
		expect(safeNext(next)).toBe('/');
	});

	it.each(['/', '/ward/kim-ma', '/boards/ba-dinh?card=3#c', '/reports/12', '/audit?from=2021-09-01&action=user.create', '/ward/kim-ma%20x'])(
		'keeps the site path %j',
		(next) => {
			expect(safeNext(next)).toBe(next);
		}
	);

	it('null, undefined and a custom fallback', () => {
		expect(safeNext(null)).toBe('/');
		expect(safeNext(undefined)).toBe('/');
		expect(safeNext('//evil', '/login')).toBe('/login');
	});
});
