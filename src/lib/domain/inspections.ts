/**
 * Inspections (đoàn kiểm tra, seeds 000 §6, 002 §2.7): an inspector looks at a card of a board —
 * or at a ward's readiness on it — and concludes *đạt* (pass), *chưa đạt* (fail) or *kiến nghị*
 * (recommend), with findings. An inspection is a fact: never edited, never removed. A later
 * inspection of the same subject supersedes the previous one, so each subject has one history,
 * a chain, whose last link is its present verdict.
 *
 * Pure: no I/O. The service (services/inspections.ts) writes the rows and applies the
 * consequence to the card in the board's document.
 */

export const CONCLUSIONS = ['pass', 'fail', 'recommend'] as const;
export type Conclusion = (typeof CONCLUSIONS)[number];

/** Findings: what the inspectors saw. At most this long (a page of notes). */
export const FINDINGS_MAX = 2000;

export interface Inspection {
	id: number;
	board: string;
	/** The card inspected; null: the ward's readiness on this board. */
	card: string | null;
	/** The card's title when it was inspected (null for a ward's readiness). */
	cardTitle: string | null;
	/** The card's ward (else its board's), or the ward whose readiness was inspected; null: district-wide. */
	ward: string | null;
	inspector: { kind: string; id: string | null; name: string };
	/** ISO instant. */
	at: string;
	conclusion: Conclusion;
	findings: string;
	/** The previous inspection of the same subject, null for the first. */
	supersedes: number | null;
}

/** *Chưa đạt* and *kiến nghị* must say why: the ward acts on the findings. */
export function findingsRequired(c: Conclusion): boolean {
	return c !== 'pass';
}

/** What one inspection is about: a card of a board, or a ward's readiness on a board. */
export function subjectKey(i: { board: string; card: string | null; ward: string | null }): string {
	return i.card !== null ? `${i.board}/card/${i.card}` : `${i.board}/ward/${i.ward ?? ''}`;
}

/**
 * What an inspection does to its card, in the same command that records it:
 * - pass → the board's done column: signed off;
 * - fail → back to *Đang làm*, with the findings as a comment, so the ward sees why;
 * - recommend → done too, with the recommendation as a comment: the work is accepted and the
 *   recommendation stays OPEN (the report lists it) until a later inspection of the card passes.
 *   Sending the card back would make a recommendation the same as a failure, and a ward would see
 *   finished work reopened for advice it may act on later.
 */
export function consequence(c: Conclusion, findings: string): { to: 'done' | 'doing'; comment: string } {
	const text = findings.trim();
	switch (c) {
		case 'pass':
			return { to: 'done', comment: text ? `Kiểm tra: đạt — ${text}` : 'Kiểm tra: đạt' };
		case 'fail':
			return { to: 'doing', comment: `Kiểm tra: chưa đạt — ${text}` };
		case 'recommend':
			return { to: 'done', comment: `Kiểm tra: kiến nghị — ${text}` };
	}
}

/**
 * The present verdict of each subject: the inspections no later one supersedes. `all` in any
 * order; the answer newest first. A chain that forks (it cannot: supersedes is unique in SQL)
 * would give both ends — visible, never hidden.
 */
export function latestBySubject<T extends Pick<Inspection, 'id' | 'supersedes' | 'at'>>(all: readonly T[]): T[] {
	const superseded = new Set(all.map((i) => i.supersedes).filter((s): s is number => s !== null));
	return all.filter((i) => !superseded.has(i.id)).sort(newestFirst);
}

/** Open recommendations: subjects whose present verdict is *chưa đạt* or *kiến nghị* (not yet superseded by a pass). */
export function openRecommendations<T extends Pick<Inspection, 'id' | 'supersedes' | 'at' | 'conclusion'>>(all: readonly T[]): T[] {
	return latestBySubject(all).filter((i) => i.conclusion !== 'pass');
}

/** Newest first, by time then id (two inspections in one millisecond keep their order). */
export function newestFirst(a: Pick<Inspection, 'id' | 'at'>, b: Pick<Inspection, 'id' | 'at'>): number {
	return a.at < b.at ? 1 : a.at > b.at ? -1 : b.id - a.id;
}

/** An inspection as the situation report freezes it: who, when, what (board and card, or a ward's readiness), the verdict. */
export interface ReportInspection {
	id: number;
	at: string;
	inspector: string;
	board: string;
	boardTitle: string;
	/** The card's title; null: the ward's readiness. */
	cardTitle: string | null;
	ward: string | null;
	conclusion: Conclusion;
	findings: string;
}

/** The report's section: inspections made since the previous report, and the recommendations still open. */
export interface ReportInspections {
	since: ReportInspection[];
	open: ReportInspection[];
}

export function reportInspection(i: Inspection, boardTitle: string): ReportInspection {
	return {
		id: i.id,
		at: i.at,
		inspector: i.inspector.name,
		board: i.board,
		boardTitle,
		cardTitle: i.cardTitle,
		ward: i.ward,
		conclusion: i.conclusion,
		findings: i.findings
	};
}
