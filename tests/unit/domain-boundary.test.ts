/**
 * The domain owns its rules and shapes (issue 12 §3): nothing in src/lib/domain imports contracts/,
 * i18n/, server/, state/, components/, SvelteKit ($app, @sveltejs) or Svelte. Contracts (the zod
 * schemas of what crosses a boundary) and i18n (the words) import the domain, never the reverse.
 * Until the linter carries this rule, this test does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const DOMAIN = path.resolve(import.meta.dirname, '../../src/lib/domain');
const FORBIDDEN = /from '(\.\.\/(contracts|i18n|server|state|components)\/[^']*|\$app\/[^']*|@sveltejs\/[^']*|svelte(\/[^']*)?)'/;
const crosses = (source: string) => source.split('\n').some((l) => l.startsWith('import') && FORBIDDEN.test(l));

describe('the domain boundary', () => {
	it('no domain module imports contracts, i18n, server code or a framework', () => {
		const offenders = readdirSync(DOMAIN)
			.filter((f) => f.endsWith('.ts'))
			.filter((f) => crosses(readFileSync(path.join(DOMAIN, f), 'utf8')));
		expect(offenders).toEqual([]);
	});
	it('the check sees a crossing import (so an empty list means something)', () => {
		expect(crosses("import { fieldError } from '../contracts/errors.ts';")).toBe(true);
		expect(crosses("import { CASE_FIELD_LABELS } from '../i18n/fields.ts';")).toBe(true);
		expect(crosses("import type { RequestEvent } from '@sveltejs/kit';")).toBe(true);
		expect(crosses("import { untrack } from 'svelte';")).toBe(true);
		expect(crosses("import { can } from './access.ts';")).toBe(false);
		expect(crosses("import * as Y from 'yjs';")).toBe(false);
	});
});
