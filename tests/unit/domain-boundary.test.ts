/**
 * The domain owns its rules and shapes (issue 12 §3): nothing in src/lib/domain imports contracts/,
 * i18n/, server code, client state, components, a framework or Node. The rule lives in one place,
 * eslint.config.js (run by `npm run check`); this test proves that the rule really refuses each kind
 * of import in a domain file, and lets the same imports pass outside the domain.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });

async function restricted(file: string, line: string): Promise<string[]> {
	const [result] = await eslint.lintText(`${line}\nexport const x = y;\n`, { filePath: path.join(ROOT, file) });
	return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the domain boundary', () => {
	it.each([
		["import { y } from '../contracts/live.ts';", 'contracts import the domain'],
		["import { y } from '$lib/contracts/live';", 'contracts import the domain'],
		["import { y } from '../i18n/labels.ts';", 'words live in lib/i18n'],
		["import { y } from '../server/http.ts';", 'no server code'],
		["import { y } from '../state/wall.svelte.ts';", 'no server code'],
		["import { y } from '$app/navigation';", 'no framework'],
		["import { y } from 'svelte';", 'no framework'],
		["import { y } from 'node:fs';", 'no Node APIs']
	])('a domain module may not `%s`', async (line, why) => {
		const messages = await restricted('src/lib/domain/zz-probe.ts', line);
		expect(messages).toHaveLength(1);
		expect(messages[0]).toContain(why);
	});

	it('the same imports are allowed outside the domain, and the domain may import itself', async () => {
		expect(await restricted('src/lib/presentation/zz-probe.ts', "import { y } from '../i18n/labels.ts';")).toEqual([]);
		expect(await restricted('src/lib/domain/zz-probe.ts', "import { y } from './zones.ts';")).toEqual([]);
	});
});
