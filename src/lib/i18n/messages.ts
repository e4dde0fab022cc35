/**
 * Interface text, Vietnamese first. English must have every key Vietnamese has (the type says so).
 * Number and date formatting go through Intl (lib/domain/time.ts); no plural rules are needed yet,
 * so a typed table serves better than a message-compiler dependency.
 */
import { vi, type Messages } from './vi.ts';
import { en } from './en.ts';
import { formatDayMonth, formatTime, localDaysBetween } from '../domain/time.ts';
import type { ZoneSchemeName } from '../domain/zones.ts';

export type { Messages };
export type Lang = 'vi' | 'en';

/** `{name}` placeholders filled from `vars` (unknown names are left as they are). */
export function fill(template: string, vars: Record<string, string | number>): string {
	return template.replace(/\{(\w+)\}/g, (all, k: string) => (k in vars ? String(vars[k]) : all));
}
export const messages: Record<Lang, Messages> = { vi, en };

/** The short zone names of each scheme in both languages ("Da cam / Orange"): for text the domain composes (alerts). */
export const ZONE_WORDS = Object.fromEntries(
	Object.entries(vi.zonesShort).map(([scheme, zones]) => [
		scheme,
		Object.fromEntries(Object.entries(zones).map(([z, name]) => [z, { vi: name, en: en.zonesShort[scheme as keyof typeof en.zonesShort]?.[z] ?? name }]))
	])
) as Record<ZoneSchemeName, Record<string, { vi: string; en: string }>>;

export function pickLang(value: string | null | undefined): Lang {
	return value === 'en' ? 'en' : 'vi';
}

/** "từ 28/08 · 6 ngày" — or "từ 08:30" on the first day: how long a zone or a blockade has held (local days). */
export function formatSince(m: Messages, since: Date, now: Date): string {
	const days = localDaysBetween(since, now);
	return days === 0 ? `${m.since} ${formatTime(since)}` : `${m.since} ${formatDayMonth(since)} · ${days} ${m.daysCount}`;
}

/** "12 phút trước" / "3 giờ trước" from whole minutes. */
export function formatAge(m: Messages, minutes: number): string {
	if (minutes < 1) return m.justNow;
	if (minutes < 120) return `${minutes} ${m.minutesAgo}`;
	return `${Math.floor(minutes / 60)} ${m.hoursAgo}`;
}
