/**
 * The wards' strips of zone colours on /reports/history (issue 13 §2): each ward's segments
 * (domain zoneSegments) with the share of the strip each takes and the words a screen reader and
 * a hover say for it — "Đỏ 28/08 14:00 – 03/09 09:30". Colours stay in global.css (`.zone-fill`),
 * zone names in i18n: nothing here repeats them.
 */
import { zoneSegments, type ZoneChange, type ZoneSchemeName, type ZoneSegment } from '../domain/zones.ts';
import { formatDate, formatDayMonth, formatTime, localParts } from '../domain/time.ts';
import type { Messages } from '../i18n/messages.ts';

interface ZoneStripSegment extends ZoneSegment {
	/** Percent of the strip's width. */
	share: number;
	label: string;
}

export interface ZoneStripRow {
	code: string;
	name: string;
	segments: ZoneStripSegment[];
}

/**
 * One row per ward, in the order given (the district's ward order). A range within one year
 * writes dd/MM HH:mm; one across a new year adds the year, so 02/01 never reads as this January.
 */
export function zoneStripRows(
	wards: ReadonlyArray<{ code: string; name: string }>,
	changes: ReadonlyMap<string, readonly ZoneChange[]>,
	range: { from: Date; to: Date },
	scheme: ZoneSchemeName,
	m: Messages
): ZoneStripRow[] {
	const total = range.to.getTime() - range.from.getTime();
	const oneYear = localParts(range.from).year === localParts(new Date(range.to.getTime() - 1)).year;
	const when = (iso: string) => {
		const at = new Date(iso);
		return `${oneYear ? formatDayMonth(at) : formatDate(at)} ${formatTime(at)}`;
	};
	const name = (zone: string | null) => (zone === null ? m.report.zoneNoData : (m.zonesShort[scheme][zone] ?? zone));
	return wards.map((w) => ({
		code: w.code,
		name: w.name,
		segments: zoneSegments(changes.get(w.code) ?? [], range).map((s) => ({
			...s,
			share: ((new Date(s.end).getTime() - new Date(s.start).getTime()) / total) * 100,
			label: `${name(s.zone)} ${when(s.start)} – ${when(s.end)}`
		}))
	}));
}
