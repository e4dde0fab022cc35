/** The password rule (src/lib/domain/password.ts) with the server's estimator, and where it applies. */
import { describe, expect, it } from 'vitest';
import { PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from '../../src/lib/domain/password.ts';
import { checkPassword } from '../../src/lib/server/auth/password-strength.ts';
import { ConfigError, loadConfig } from '../../server/config.ts';

const who = { username: 'chi-huy.km', displayName: 'Lê Văn Nam' };

describe('password rule', () => {
	it.each([
		['ngắn', 'password_too_short'],
		['x'.repeat(PASSWORD_MAX + 1), 'too_long'],
		['12345678901234', 'password_all_digits'],
		['chi-huy.km-2026!', 'password_contains_username'],
		['CHI-HUY.KM matkhau', 'password_contains_username'],
		['password1234', 'password_common'],
		['qwertyuiop123', 'password_common'],
		['Password2021', 'password_common'],
		['levannam1990', 'password_common']
	])('refuses %j: %s', (password, problem) => {
		expect(checkPassword(password, who)).toBe(problem);
	});

	it.each(['mat-khau-thu-nghiem-2026', 'Sáng-thứ-hai-họp-giao-ban', 'abcd-efgh-jkmn-pqrs'])('accepts %j', (password) => {
		expect(checkPassword(password, who)).toBeNull();
	});

	it('counts characters, not UTF-16 units, and asks the estimator only when the cheap checks pass', () => {
		const asked: string[] = [];
		const score = (p: string) => (asked.push(p), 4);
		expect(passwordProblem('ệ'.repeat(PASSWORD_MIN - 1), who, score)).toBe('password_too_short');
		expect(passwordProblem('1'.repeat(PASSWORD_MIN), who, score)).toBe('password_all_digits');
		expect(asked).toEqual([]);
		expect(passwordProblem('ệ'.repeat(PASSWORD_MIN), who, score)).toBeNull();
		expect(asked).toHaveLength(1);
	});

	it('ADMIN_PASSWORD is held to the same rule, the message naming the variable', () => {
		expect(() => loadConfig({ ADMIN_PASSWORD: 'admin-2026-mat-khau' })).toThrow(ConfigError);
		expect(() => loadConfig({ ADMIN_PASSWORD: 'password1234' })).toThrow(/ADMIN_PASSWORD.*guess/);
		expect(loadConfig({ ADMIN_PASSWORD: 'quan-tri-mat-khau-thu-2026' }).adminPassword).toBe('quan-tri-mat-khau-thu-2026');
	});
});
