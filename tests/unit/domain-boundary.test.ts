/**
 * The domain owns its rules and shapes (issue 12 §3): nothing in src/lib/domain imports contracts/,
 * i18n/, server/, state/, components/, SvelteKit ($app, @sveltejs) or Svelte. Until the linter
 * carries this rule, this test does; the files still waiting to be split are named, and the test
 * fails as soon as one of them is clean (so the list only shrinks) or any other file crosses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const DOMAIN = path.resolve(import.meta.dirname, '../../src/lib/domain');
const FORBIDDEN = /from '(\.\.\/(contracts|i18n|server|state|components)\/[^']*|\$app\/[^']*|@sveltejs\/[^']*|svelte(\/[^']*)?)'/;
/** Waiting for issue 12 §3's rest: the board rules use the zod schemas. */
const KNOWN = new Set(['board.ts']);

describe('the domain boundary', () => {
	const offenders = readdirSync(DOMAIN)
		.filter((f) => f.endsWith('.ts'))
		.filter((f) => readFileSync(path.join(DOMAIN, f), 'utf8').split('\n').some((l) => l.startsWith('import') && FORBIDDEN.test(l)));
	it('no domain module imports contracts, i18n, server code or a framework (beyond the known ones)', () => {
		expect(offenders.filter((f) => !KNOWN.has(f))).toEqual([]);
	});
	it('the known ones still cross (remove a name from the list once its file is clean)', () => {
		expect(offenders.sort()).toEqual([...KNOWN].sort());
	});
});
