/**
 * Time as the command post reads it: Asia/Ho_Chi_Minh, dd/MM/yyyy, 24-hour clock.
 * Pure functions over Intl (Node and Chromium ship full ICU), so the server's own time zone
 * never leaks into what users see.
 */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const partsFormatter = new Intl.DateTimeFormat('en-GB', {
	timeZone: TIME_ZONE,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23'
});

/** Calendar fields of an instant in Asia/Ho_Chi_Minh. */
export function localParts(at: Date): {
	year: string;
	month: string;
	day: string;
	hour: string;
	minute: string;
	second: string;
} {
	const out: Record<string, string> = {};
	for (const p of partsFormatter.formatToParts(at)) out[p.type] = p.value;
	return {
		year: out.year ?? '0000',
		month: out.month ?? '00',
		day: out.day ?? '00',
		hour: out.hour ?? '00',
		minute: out.minute ?? '00',
		second: out.second ?? '00'
	};
}

/** The reporting day an instant belongs to, as `yyyy-MM-dd` in Asia/Ho_Chi_Minh. */
export function dayKey(at: Date): string {
	const p = localParts(at);
	return `${p.year}-${p.month}-${p.day}`;
}

/** dd/MM/yyyy */
export function formatDate(at: Date): string {
	const p = localParts(at);
	return `${p.day}/${p.month}/${p.year}`;
}

/** dd/MM, for a day of this season ("Đỏ từ 28/08"); a local day key `yyyy-MM-dd` or an instant. */
export function formatDayMonth(at: Date | string): string {
	if (typeof at === 'string') return `${at.slice(8, 10)}/${at.slice(5, 7)}`;
	const p = localParts(at);
	return `${p.day}/${p.month}`;
}

/** HH:mm (24-hour) */
export function formatTime(at: Date, withSeconds = false): string {
	const p = localParts(at);
	return withSeconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`;
}

/** HH:mm dd/MM/yyyy — the order Vietnamese official documents use. */
export function formatDateTime(at: Date): string {
	return `${formatTime(at)} ${formatDate(at)}`;
}

const numberFormatter = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });

/** 1.234 — numbers grouped with a dot, as Vietnamese readers expect. */
export function formatCount(n: number): string {
	return numberFormatter.format(n);
}

/** Whole minutes between two instants, never negative (clocks of devices drift). */
export function ageMinutes(since: Date, now: Date): number {
	return Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
}

/**
 * The instant a local calendar day (`yyyy-MM-dd`) starts in Asia/Ho_Chi_Minh. Vietnam has kept
 * UTC+07:00 without daylight saving since 1975, so the offset is fixed for every date we handle.
 */
export function startOfLocalDay(day: string): Date {
	return new Date(`${day}T00:00:00+07:00`);
}

/** Whole local days from `since`'s day to `now`'s (Asia/Ho_Chi_Minh): 0 on the same day, 1 the day after. */
export function localDaysBetween(since: Date, now: Date): number {
	return Math.round((startOfLocalDay(dayKey(now)).getTime() - startOfLocalDay(dayKey(since)).getTime()) / 86_400_000);
}

const decimalFormatter = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

/** 24,1 — one decimal with the Vietnamese decimal comma. */
export function formatDecimal(n: number): string {
	return decimalFormatter.format(n);
}

/** 42,3% — a share (0–1) as a percentage with one decimal, Vietnamese decimal comma. */
export function formatShare(share: number): string {
	return `${formatDecimal(share * 100)}%`;
}

/** What is left until `to`, as HH:mm (rounded up to the minute, never negative): "còn 02:15". */
export function formatRemaining(from: Date, to: Date): string {
	const minutes = Math.max(0, Math.ceil((to.getTime() - from.getTime()) / 60_000));
	return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** `dd/MM/yyyy HH:mm` as typed on a tablet (Asia/Ho_Chi_Minh), the same order formatDateTime prints. */
const LOCAL_DATE_TIME = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})\s*$/;

/**
 * A local date and time typed as `dd/MM/yyyy HH:mm` → an ISO instant (`…+07:00`). Anything else
 * is returned as typed, for the schema to refuse by name (it never guesses a date).
 */
export function localInputInstant(text: string): string {
	const m = LOCAL_DATE_TIME.exec(text);
	if (!m) return text;
	const [, d, mo, y, h, mi] = m as unknown as [string, string, string, string, string, string];
	const pad = (v: string) => v.padStart(2, '0');
	if (+mo < 1 || +mo > 12 || +d < 1 || +d > 31 || +h > 23 || +mi > 59) return text;
	const iso = `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${mi}:00+07:00`;
	// 31/02 would roll over to March: refuse what is not a calendar day.
	return dayKey(new Date(iso)) === `${y}-${pad(mo)}-${pad(d)}` ? iso : text;
}

/** The input value for `localInputInstant`: `dd/MM/yyyy HH:mm`. */
export function formatDateTimeInput(at: Date): string {
	return `${formatDate(at)} ${formatTime(at)}`;
}
