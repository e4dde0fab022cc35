/**
 * Social welfare (an sinh xã hội, issue 14 §2; seeds 000 §5, 001 §9, 002 §2.6): what each ward did
 * for its households — households and people supported, aid packages delivered, cash support under
 * the government's resolutions, people without shelter taken in — today and since records began.
 *
 * What a welfare report means. Each report adds what was done since the ward's previous one: its
 * figures are increments, summed per local day (Asia/Ho_Chi_Minh, the day the entry was made on the
 * device) and cumulatively. Several field teams of one ward may report on the same day; each adds
 * its own. An offline resend carries the same Idempotency-Key and counts once. One figure is not an
 * increment: `cashPending` is the ward's level of cash-support files awaiting payment as of that
 * report — the latest report that gives it wins (today: the latest given today; cumulative: the
 * latest ever). `cashPaid` is files paid since the previous report (an increment).
 *
 * Aid packages and stock (no double counting). Goods issued from a warehouse to households
 * (stock issue with destinationKind 'households') count toward the aid packages of the ward they
 * went to: the issue's `destinationWard`, else the issuing ward warehouse's own ward; an issue to
 * households from the district warehouse that names no ward counts for the district only
 * ("chưa rõ phường"). What counts is the issue's `packages` ("số suất quà"), how many household
 * aid packages the issue made up — never its quantity, which is in the item's unit (900 kg of rice
 * is not 900 packages); an issue to households that gives none counts 0 packages (its quantity
 * stays in the stock picture). The ward's own `aidPackages` are packages that did NOT leave a
 * warehouse of this system (donations, sponsors, the Fatherland Front): the tablet form says so.
 * A ward's aid packages = its entered packages + its warehouse issues; the two sources never
 * describe the same package, so the sum counts each once.
 */
import { dayKey } from './time.ts';

export const WELFARE_FIELDS = ['householdsSupported', 'peopleSupported', 'aidPackages', 'cashPending', 'cashPaid', 'shelterTakenIn'] as const;
export type WelfareField = (typeof WELFARE_FIELDS)[number];

/** What one report says: every field optional, at least one given (the contract checks it). */
export type WelfareEntry = Partial<Record<WelfareField, number>>;

/** A stored report. */
export interface WelfareReport extends WelfareEntry {
	id: number;
	wardCode: string;
	/** The local day it counts on (`yyyy-MM-dd`, from when it was made on the device). */
	day: string;
	reportedBy: string;
	reportedAt: string;
	enteredAt: string;
}

/** The increments summed over one ward's day, and that day's latest cashPending (null: not given that day). */
export interface WelfareDay {
	wardCode: string;
	day: string;
	householdsSupported: number;
	peopleSupported: number;
	aidPackages: number;
	cashPaid: number;
	shelterTakenIn: number;
	cashPending: number | null;
	/** When that cashPending was made: the latest across days wins. */
	cashPendingAt: string | null;
}

/** Aid packages issued to households by one warehouse on one day, for one ward (null: the district, no ward named). */
export interface StockAidDay {
	wardCode: string | null;
	warehouseCode: string;
	warehouseName: string;
	day: string;
	/** The sum of the issues' `packages` (issues that gave none add 0). */
	packages: number;
}

export interface WelfareFigures {
	householdsSupported: number;
	peopleSupported: number;
	/** Entered packages + packages issued to households from stock. */
	aidPackages: number;
	/** Of aidPackages, those issued from stock. */
	aidFromStock: number;
	/** The latest level (today: the latest given today); null when never given. */
	cashPending: number | null;
	cashPaid: number;
	shelterTakenIn: number;
}

interface WarehouseAid {
	warehouseCode: string;
	warehouseName: string;
	today: number;
	total: number;
}

/** One ward's welfare; `wardCode` null: aid issued from the district warehouse to no named ward. */
export interface WardWelfare {
	wardCode: string | null;
	/** The local day `today` describes: a wall left open past midnight shows zero until the next report. */
	day: string;
	today: WelfareFigures;
	total: WelfareFigures;
	/** Aid issued from stock, by warehouse (most first). */
	warehouses: WarehouseAid[];
}

export interface Welfare {
	day: string;
	wards: WardWelfare[];
	/** Sums over every row, the unattributed district aid included. */
	district: { today: WelfareFigures; total: WelfareFigures; warehouses: WarehouseAid[] };
}

export const NO_WELFARE: WelfareFigures = {
	householdsSupported: 0,
	peopleSupported: 0,
	aidPackages: 0,
	aidFromStock: 0,
	cashPending: null,
	cashPaid: 0,
	shelterTakenIn: 0
};

const INCREMENTS = ['householdsSupported', 'peopleSupported', 'cashPaid', 'shelterTakenIn'] as const;

function add(a: WelfareFigures, b: WelfareFigures): WelfareFigures {
	const out = { ...a };
	for (const k of INCREMENTS) out[k] = a[k] + b[k];
	out.aidPackages = a.aidPackages + b.aidPackages;
	out.aidFromStock = a.aidFromStock + b.aidFromStock;
	// Levels of different wards add up; a ward that never gave one adds nothing.
	out.cashPending = a.cashPending === null && b.cashPending === null ? null : (a.cashPending ?? 0) + (b.cashPending ?? 0);
	return out;
}

function sumWarehouses(rows: readonly WarehouseAid[]): WarehouseAid[] {
	const by = new Map<string, WarehouseAid>();
	for (const r of rows) {
		const w = by.get(r.warehouseCode) ?? { warehouseCode: r.warehouseCode, warehouseName: r.warehouseName, today: 0, total: 0 };
		by.set(r.warehouseCode, { ...w, today: w.today + r.today, total: w.total + r.total });
	}
	return [...by.values()].sort((a, b) => b.total - a.total || a.warehouseCode.localeCompare(b.warehouseCode));
}

/** One ward's (or the unattributed row's) welfare on `today` from its day rows and its stock aid. */
function wardWelfareOf(wardCode: string | null, days: readonly WelfareDay[], aid: readonly StockAidDay[], today: string): WardWelfare {
	let todayF = { ...NO_WELFARE };
	let total = { ...NO_WELFARE };
	let latestAt: string | null = null;
	for (const d of days) {
		const f: WelfareFigures = {
			householdsSupported: d.householdsSupported,
			peopleSupported: d.peopleSupported,
			aidPackages: d.aidPackages,
			aidFromStock: 0,
			cashPending: null,
			cashPaid: d.cashPaid,
			shelterTakenIn: d.shelterTakenIn
		};
		total = add(total, f);
		if (d.day === today) todayF = add(todayF, { ...f, cashPending: d.cashPending });
		if (d.cashPending !== null && d.cashPendingAt !== null && (latestAt === null || d.cashPendingAt > latestAt)) {
			latestAt = d.cashPendingAt;
			total.cashPending = d.cashPending;
		}
	}
	const houses: WarehouseAid[] = [];
	for (const a of aid) {
		const t = a.day === today ? a.packages : 0;
		houses.push({ warehouseCode: a.warehouseCode, warehouseName: a.warehouseName, today: t, total: a.packages });
		total = { ...total, aidPackages: total.aidPackages + a.packages, aidFromStock: total.aidFromStock + a.packages };
		todayF = { ...todayF, aidPackages: todayF.aidPackages + t, aidFromStock: todayF.aidFromStock + t };
	}
	return { wardCode, day: today, today: todayF, total, warehouses: sumWarehouses(houses) };
}

/**
 * The welfare of each ward at `now`, and the district's: one row per ward of `wardCodes` (in that
 * order), then — when `withDistrictRow` and the district warehouse issued to households naming no
 * ward — a row with wardCode null. Day rows and stock aid of other wards are ignored.
 */
export function welfareOf(days: readonly WelfareDay[], aid: readonly StockAidDay[], wardCodes: readonly string[], now: Date, withDistrictRow = true): Welfare {
	const today = dayKey(now);
	const wards = wardCodes.map((code) =>
		wardWelfareOf(
			code,
			days.filter((d) => d.wardCode === code),
			aid.filter((a) => a.wardCode === code),
			today
		)
	);
	const unattributed = aid.filter((a) => a.wardCode === null);
	if (withDistrictRow && unattributed.length > 0) wards.push(wardWelfareOf(null, [], unattributed, today));
	return { day: today, wards, district: districtOf(wards) };
}

/** The district's sums of ward rows (the wall recomputes them after each event). */
export function districtOf(wards: readonly WardWelfare[]): Welfare['district'] {
	return {
		today: wards.reduce((s, w) => add(s, w.today), { ...NO_WELFARE }),
		total: wards.reduce((s, w) => add(s, w.total), { ...NO_WELFARE }),
		warehouses: sumWarehouses(wards.flatMap((w) => w.warehouses))
	};
}

/**
 * A ward's welfare as of `now`: a row computed on an earlier day shows nothing for today (its
 * cumulative figures stand). Pure, so a wall left open past midnight rolls over on its own clock.
 */
export function rollWelfare(w: WardWelfare, now: Date): WardWelfare {
	const today = dayKey(now);
	if (w.day === today) return w;
	return { ...w, day: today, today: { ...NO_WELFARE }, warehouses: w.warehouses.map((h) => ({ ...h, today: 0 })) };
}

/** The picture a wall draws from its snapshot's rows at `now`. */
export function welfareAt(rows: readonly WardWelfare[], now: Date): Welfare {
	const wards = rows.map((w) => rollWelfare(w, now));
	return { day: dayKey(now), wards, district: districtOf(wards) };
}

/** Replaces one row (the event carries the ward's whole welfare: a replay stays exact). */
export function replaceWardWelfare(rows: readonly WardWelfare[], next: WardWelfare): WardWelfare[] {
	const i = rows.findIndex((r) => r.wardCode === next.wardCode);
	if (i < 0) return [...rows, next];
	return rows.map((r, j) => (j === i ? next : r));
}
