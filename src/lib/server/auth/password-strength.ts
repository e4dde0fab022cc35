/**
 * The guess estimator behind the password rule (src/lib/domain/password.ts): zxcvbn-ts, a
 * maintained port of Dropbox's zxcvbn with common-password, name, keyboard-pattern and date
 * matchers — "Password2021" and "qwertyuiop" are long enough but guessed in seconds, which a
 * length rule or a short hand-kept list would not catch. Built on first use (~40 ms).
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { passwordProblem, type PasswordProblem } from '../../domain/password.ts';

let factory: ZxcvbnFactory | null = null;

function strengthScore(password: string, inputs: string[]): number {
	factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
	return factory.check(password, inputs).score;
}

/** The password rule with the server's estimator. */
export function checkPassword(password: string, about: { username: string; displayName?: string }): PasswordProblem | null {
	return passwordProblem(password, about, strengthScore);
}
