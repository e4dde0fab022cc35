/**
 * Zone levels (vùng đỏ / cam / vàng / xanh). The scheme is configuration: the 2021 directives
 * (seed 000) use three levels; the later national scheme adds yellow. Ordered from least to most
 * severe so that "worst zone" is a max over the index.
 */
export const ZONE_SCHEMES = {
	three: ['green', 'orange', 'red'],
	four: ['green', 'yellow', 'orange', 'red']
} as const;

export type ZoneSchemeName = keyof typeof ZONE_SCHEMES;
export type ZoneLevel = (typeof ZONE_SCHEMES)[ZoneSchemeName][number];

export const ZONE_SCHEME_NAMES = Object.keys(ZONE_SCHEMES) as ZoneSchemeName[];

export function zoneLevels(scheme: ZoneSchemeName): readonly ZoneLevel[] {
	return ZONE_SCHEMES[scheme];
}

/** 0 = least severe. Unknown levels (e.g. from an old scheme) rank as most severe: never hide a zone. */
export function zoneSeverity(scheme: ZoneSchemeName, level: string): number {
	const i = (ZONE_SCHEMES[scheme] as readonly string[]).indexOf(level);
	return i === -1 ? ZONE_SCHEMES[scheme].length : i;
}

/** One change of a ward's or a blockade's zone (issue 13 §2); `from` null: the first zone known. */
export interface ZoneChange {
	subject: 'ward' | 'blockade';
	/** The ward's code, or the blockade's id. */
	key: string;
	wardCode: string;
	from: string | null;
	to: string;
	/** ISO instant the change was made (the report's or the entry's time). */
	at: string;
}

export type ZoneDirection = 'first' | 'worse' | 'better' | 'same';

/** Which way a change goes, by the scheme's severity: the report's "better or worse". */
export function zoneDirection(scheme: ZoneSchemeName, from: string | null, to: string): ZoneDirection {
	if (from === null) return 'first';
	const d = zoneSeverity(scheme, to) - zoneSeverity(scheme, from);
	return d > 0 ? 'worse' : d < 0 ? 'better' : 'same';
}

/**
 * The change a new zone makes after `previous` (the subject's zone until now, null when it had
 * none), or null when it stays: the server stores it, the wall applies the same rule to an event.
 */
export function zoneChangeOf(previous: string | null, next: string): { from: string | null; to: string } | null {
	return previous === next ? null : { from: previous, to: next };
}

/** A stretch of time a subject spent in one zone; `zone` null: before its first known zone. */
export interface ZoneSegment {
	zone: string | null;
	/** ISO instants, `start` included, `end` excluded. */
	start: string;
	end: string;
}

/**
 * A subject's zones over [from, to) as consecutive segments (the strip of colours of issue 13 §2).
 * The zone in force at `from` is the last change at or before it; before the first change known
 * the segment has no zone. Changes from `to` on are ignored; changes at the same instant leave the
 * last one (in the order given: oldest first, as the history lists them), so no segment is empty;
 * neighbours in the same zone are one segment. An empty range has no segments.
 */
export function zoneSegments(changes: readonly Pick<ZoneChange, 'to' | 'at'>[], range: { from: Date; to: Date }): ZoneSegment[] {
	const from = range.from.getTime();
	const to = range.to.getTime();
	if (!(from < to)) return [];
	// A stable sort by time: the order given breaks ties (the newer of two changes at one instant wins).
	const sorted = changes.map((c) => ({ zone: c.to, at: new Date(c.at).getTime() })).sort((a, b) => a.at - b.at);
	const out: Array<{ zone: string | null; start: number; end: number }> = [];
	let zone: string | null = null;
	let start = from;
	for (const c of sorted) {
		if (c.at >= to) break;
		const at = Math.max(c.at, from);
		if (at === start) {
			// Another change at the instant the segment starts (or before the range): it takes its place.
			zone = c.zone;
			const last = out.at(-1);
			if (last && last.zone === zone) start = out.pop()!.start;
		} else if (c.zone !== zone) {
			out.push({ zone, start, end: at });
			zone = c.zone;
			start = at;
		}
	}
	out.push({ zone, start, end: to });
	const iso = (ms: number) => new Date(ms).toISOString();
	return out.map((s) => ({ zone: s.zone, start: iso(s.start), end: iso(s.end) }));
}
