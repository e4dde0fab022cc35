/**
 * The linter (issue 12 §7): the recommended rules of JavaScript, typescript-eslint and
 * eslint-plugin-svelte, Prettier's config last (formatting is Prettier's job, not the linter's),
 * and the one architectural rule a reviewer would otherwise have to remember: `lib/domain` is pure.
 */
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** The domain owns its rules and types: no boundary schemas, no words, no server, no framework. */
const DOMAIN_FORBIDDEN = [
	{ group: ['**/contracts/*', '$lib/contracts/*'], message: 'lib/domain owns its types: contracts import the domain, never the reverse.' },
	{ group: ['**/i18n/*', '$lib/i18n/*'], message: 'lib/domain returns codes; words live in lib/i18n and lib/presentation.' },
	{
		group: ['**/server/*', '$lib/server/*', '**/state/*', '$lib/state/*', '**/components/*', '$lib/components/*'],
		message: 'lib/domain is pure: no server code, no client state, no components.'
	},
	{ group: ['$app/*', '$env/*', '@sveltejs/*', 'svelte', 'svelte/*', 'node:*'], message: 'lib/domain is pure: no framework, no Node APIs.' }
];

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'data/', 'drizzle/', 'bench/results/', 'test-results/', 'playwright-report/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// `_`-prefixed names are deliberately unused (a parameter kept for its position).
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }]
		}
	},
	{
		rules: {
			// The app is served at the root (no paths.base): resolve() around every href would add nothing.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		// The state classes replace Dates and Maps wholesale (`this.#now = new Date()`), never mutate
		// one in place; a Map built inside a getter is a fresh value. SvelteDate/SvelteMap would only add cost.
		files: ['src/lib/state/**'],
		rules: { 'svelte/prefer-svelte-reactivity': 'off' }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: { parserOptions: { extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } }
	},
	{
		files: ['src/lib/domain/**'],
		rules: { 'no-restricted-imports': ['error', { patterns: DOMAIN_FORBIDDEN }] }
	}
);
