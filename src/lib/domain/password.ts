/**
 * The password rule, in one place: the change-password service and ADMIN_PASSWORD in the config
 * use it, the error messages quote its figures. Strength is a score 0–4 from a guess estimator
 * passed in (zxcvbn-ts on the server: `src/lib/server/auth/password-strength.ts`), so this module
 * stays pure and light enough for browser code that imports the constants.
 */

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;
/**
 * zxcvbn score 0–4; 3 = "safely unguessable" (~10^8 guesses). With argon2id and the sign-in
 * throttle an online attacker gets a handful of guesses per hour, so 3 is ample and still lets
 * people choose a memorable passphrase.
 */
const PASSWORD_MIN_SCORE = 3;

export type PasswordProblem = 'password_too_short' | 'too_long' | 'password_all_digits' | 'password_contains_username' | 'password_common';

/** Guess-estimator score 0–4 of `password`, knowing words specific to the person (`inputs`). */
export type StrengthScore = (password: string, inputs: string[]) => number;

/** Folds case and Vietnamese diacritics, so "Admin" and "ádmin" both contain "admin". */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').toLowerCase();

/**
 * Why `password` may not be set for the person `about`, or null when it may. The checks run
 * cheapest first; the username is compared without case or diacritics.
 */
export function passwordProblem(password: string, about: { username: string; displayName?: string }, score: StrengthScore): PasswordProblem | null {
	if ([...password].length < PASSWORD_MIN) return 'password_too_short';
	if (password.length > PASSWORD_MAX) return 'too_long';
	if (/^\d+$/.test(password)) return 'password_all_digits';
	const username = fold(about.username.trim());
	if (username.length >= 3 && fold(password).includes(username)) return 'password_contains_username';
	// The estimator knows the person's own words too, as typed without diacritics or spaces
	// ("Lê Văn Nam" → levannam, le, van, nam).
	const name = fold(about.displayName ?? '');
	const inputs = [about.username, ...username.split(/[.-]/), name.replace(/\s+/g, ''), ...name.split(/\s+/)].filter((w) => w.length >= 2);
	if (score(password, inputs) < PASSWORD_MIN_SCORE) return 'password_common';
	return null;
}
