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

export function isZoneLevel(scheme: ZoneSchemeName, value: unknown): value is ZoneLevel {
	return typeof value === 'string' && (ZONE_SCHEMES[scheme] as readonly string[]).includes(value);
}

/** 0 = least severe. Unknown levels (e.g. from an old scheme) rank as most severe: never hide a zone. */
export function zoneSeverity(scheme: ZoneSchemeName, level: string): number {
	const i = (ZONE_SCHEMES[scheme] as readonly string[]).indexOf(level);
	return i === -1 ? ZONE_SCHEMES[scheme].length : i;
}
