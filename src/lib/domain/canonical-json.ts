/**
 * One text for one value: JSON with object keys sorted at every depth, `undefined` members left out
 * (as JSON.stringify does). Two requests that mean the same thing — the same fields in another
 * order — give the same text, so an idempotency key can be tied to what it was first sent with.
 */
export function canonicalJson(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
	if (value instanceof Date) return JSON.stringify(value);
	const entries = Object.keys(value)
		.sort()
		.filter((k) => (value as Record<string, unknown>)[k] !== undefined)
		.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
	return `{${entries.join(',')}}`;
}
