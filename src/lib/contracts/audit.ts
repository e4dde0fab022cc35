/** Audit log filters, from a page's query string or the CSV export's. */
import { z } from 'zod';
import { calendarDay as day, storableText } from './input.ts';
import { startOfLocalDay } from '../domain/time.ts';
import type { AuditFilterInput } from './audit-types.ts';

const opt = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' || v === null ? undefined : v), s.optional());

export const auditQuery = z.object({
	ward: opt(storableText(40)),
	actor: opt(storableText(100)),
	entity: opt(storableText(40)),
	/** Local days, inclusive: from 00:00 of `from` to 24:00 of `to`, Asia/Ho_Chi_Minh. */
	from: opt(day),
	to: opt(day)
});

export function parseAuditQuery(params: URLSearchParams): AuditFilterInput {
	const r = auditQuery.safeParse(Object.fromEntries(params));
	const q = r.success ? r.data : {};
	return {
		ward: q.ward,
		actor: q.actor,
		entity: q.entity,
		from: q.from ? startOfLocalDay(q.from) : undefined,
		to: q.to ? new Date(startOfLocalDay(q.to).getTime() + 24 * 3_600_000) : undefined,
		raw: { ward: q.ward ?? '', actor: q.actor ?? '', entity: q.entity ?? '', from: q.from ?? '', to: q.to ?? '' }
	};
}
