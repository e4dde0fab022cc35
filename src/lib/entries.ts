/**
 * The entry kinds of the tablet pages, one row each: the JSON API endpoint that records it (its
 * method and, for its target's code, its path), what the form's fields mean as a body, the device's check of that body, and how
 * the entry is named in the device's list. The pages queue entries by kind and target; the no-JS
 * form actions take the same row's body. A new kind of entry (blockades, welfare) is one more row.
 *
 * The kinds and paths are stored with every entry waiting on a tablet (lib/state/outbox): an entry
 * made before an update is sent to the path it was made with, so a row's kind, method and path never
change.
 * Not in lib/domain: it knows URLs and contracts.
 */
import type { ParseResult } from './contracts/errors.ts';
import {
	blockadeEditBody,
	blockadeOpenBody,
	caseReportBody,
	checkInBody,
	dutyBody,
	dutyRosterBody,
	liftBody,
	testRoundBody,
	issueBody,
	movementBody,
	receiptBody,
	statusBody,
	transferBody,
	welfareReportBody,
	type Fields
} from './contracts/forms.ts';
import { parseWelfareReport } from './contracts/welfare.ts';
import { parseCaseReport } from './contracts/cases.ts';
import { parseMovement, parseStatusFor } from './contracts/quarantine.ts';
import { parseIssue, parseReceipt, parseTransfer } from './contracts/stock.ts';
import { parseCheckIn, parseCheckOut, parseShiftEnd } from './contracts/checkpoints.ts';
import { parseBlockadeCreate, parseBlockadeEdit, parseLift, parseTestRound } from './contracts/blockades.ts';
import type { Blockade } from './domain/blockade.ts';
import { parseDutyRoster } from './contracts/duty.ts';
import type { EntryMethod } from './domain/outbox.ts';
import { dutyShift, shiftEnd, type Duty } from './domain/checkpoint.ts';
import type { FacilityStatus } from './domain/quarantine.ts';
import type { ZoneSchemeName } from './domain/zones.ts';
import { formatDateTime } from './domain/time.ts';
import {
	blockadeEditLabel,
	blockadeOpenLabel,
	carryOverLabel,
	caseReportLabel,
	liftLabel,
	testRoundLabel,
	checkInLabel,
	checkOutLabel,
	closeShiftLabel,
	dutyRosterLabel,
	movementLabel,
	statusLabel,
	stockLabel,
	welfareReportLabel
} from './i18n/entries.ts';

/** What an entry is about: the thing whose code its API path names. */
export type EntryTarget = 'ward' | 'facility' | 'warehouse' | 'checkpoint' | 'blockade' | 'duty';

/** A duty roster entry's target: the unit and the day it replaces, `<unit>/<yyyy-MM-dd>`. */
export const dutyTargetOf = (unit: string, date: string) => `${unit}/${date}`;

/** One kind of entry. `C` is what the page knows that the check or the name needs (a facility's status, an item's unit). */
export interface EntryKind<T, C> {
	target: EntryTarget;
	/** The JSON API endpoint that records it (it honours the Idempotency-Key): its method, and its path for the target's code. */
	method: EntryMethod;
	path: (code: string) => string;
	/** Form fields → API body: one mapping for the device and the no-JavaScript form action. */
	body: (fields: Fields) => Record<string, unknown>;
	/** The device's verdict on the body, with the contract the server applies. */
	parse: (body: unknown, context: C) => ParseResult<T>;
	/** The entry in the commander's words, for the list on the device. */
	label: (value: T, context: C) => string;
	/** Clear the form once the entry is queued (default); the case report keeps its figures. */
	reset?: boolean;
}

const row = <T, C>(r: EntryKind<T, C>) => r;

/** What the stock forms name: an item by its name and unit, a warehouse by its name. */
export interface StockContext {
	item: (code: string) => { name: string; unit: string };
	warehouse: (code: string) => string;
}
/** The checkpoint (its name) and, for a check-out or an ended shift, whose duty it is. */
type DutyContext = { checkpoint: string; duty: Pick<Duty, 'personName' | 'shiftKey' | 'carriedOverTo'> };
/** The blockade as the page shows it (its name for the list, its figures for the device's check) and the district's zone scheme. */
type BlockadeEditContext = { blockade: Pick<Blockade, 'name' | 'people' | 'households'>; zoneScheme: ZoneSchemeName };

export const ENTRY_KINDS = {
	'case-report': row({
		target: 'ward',
		method: 'POST',
		path: (ward) => `/api/wards/${ward}/case-reports`,
		body: caseReportBody,
		parse: (b, c: { zoneScheme: ZoneSchemeName }) => parseCaseReport(b, c.zoneScheme),
		label: (v) => caseReportLabel(v.f0Active),
		reset: false
	}),
	'quarantine-movement': row({
		target: 'facility',
		method: 'POST',
		path: (facility) => `/api/quarantine/${facility}/movements`,
		body: movementBody,
		parse: parseMovement,
		label: (v, c: { facility: { name: string } }) => movementLabel(v.kind, v.amount, c.facility.name)
	}),
	'quarantine-status': row({
		target: 'facility',
		method: 'POST',
		path: (facility) => `/api/quarantine/${facility}/status`,
		body: statusBody,
		parse: (b, c: { facility: { name: string; status: FacilityStatus; occupied: number }; mayConvert: boolean }) => parseStatusFor(b, c.facility, c.mayConvert),
		label: (v, c) => statusLabel(v.status, c.facility.name),
		reset: false
	}),
	'stock-receipt': row({
		target: 'warehouse',
		method: 'POST',
		path: (warehouse) => `/api/warehouses/${warehouse}/receipts`,
		body: receiptBody,
		parse: parseReceipt,
		label: (v, c: StockContext) => stockLabel({ kind: 'receipt', supplier: v.supplier }, v.quantity, c.item(v.item))
	}),
	'stock-issue': row({
		target: 'warehouse',
		method: 'POST',
		path: (warehouse) => `/api/warehouses/${warehouse}/issues`,
		body: issueBody,
		parse: parseIssue,
		label: (v, c: StockContext) =>
			stockLabel({ kind: 'issue', destinationKind: v.destinationKind, destination: v.destination, packages: v.packages }, v.quantity, c.item(v.item))
	}),
	'stock-transfer': row({
		target: 'warehouse',
		method: 'POST',
		path: (warehouse) => `/api/warehouses/${warehouse}/transfers`,
		body: transferBody,
		parse: parseTransfer,
		label: (v, c: StockContext) => stockLabel({ kind: 'transfer', to: c.warehouse(v.to) }, v.quantity, c.item(v.item))
	}),
	'checkpoint-check-in': row({
		target: 'checkpoint',
		method: 'POST',
		path: (checkpoint) => `/api/checkpoints/${checkpoint}/check-ins`,
		body: checkInBody,
		parse: parseCheckIn,
		label: (v, c: { checkpoint: string }) => checkInLabel(v.personName, v.force, c.checkpoint)
	}),
	'checkpoint-check-out': row({
		target: 'checkpoint',
		method: 'POST',
		path: (checkpoint) => `/api/checkpoints/${checkpoint}/check-outs`,
		body: dutyBody,
		parse: parseCheckOut,
		label: (_, c: DutyContext) => checkOutLabel(c.duty.personName, c.checkpoint)
	}),
	/** A check-in left open from an ended shift: checked out at that shift's end. */
	'checkpoint-close': row({
		target: 'checkpoint',
		method: 'POST',
		path: (checkpoint) => `/api/checkpoints/${checkpoint}/closures`,
		body: dutyBody,
		parse: parseShiftEnd,
		label: (_, c: DutyContext) => closeShiftLabel(c.duty.personName, c.checkpoint, formatDateTime(shiftEnd(dutyShift(c.duty))))
	}),
	/** A check-in left open from an ended shift whose person stays on: counted in the running shift. */
	'checkpoint-carry-over': row({
		target: 'checkpoint',
		method: 'POST',
		path: (checkpoint) => `/api/checkpoints/${checkpoint}/carry-overs`,
		body: dutyBody,
		parse: parseShiftEnd,
		label: (_, c: DutyContext) => carryOverLabel(c.duty.personName, c.checkpoint)
	}),
	/** Opening a blockade (issue 13 §1): the ward is in the body; its id is known once the server has it. */
	'blockade-open': row({
		target: 'ward',
		method: 'POST',
		path: () => '/api/blockades',
		body: blockadeOpenBody,
		parse: (b, c: { zoneScheme: ZoneSchemeName }) => parseBlockadeCreate(b, c.zoneScheme),
		label: (v) => blockadeOpenLabel(v.name, v.people)
	}),
	'blockade-round': row({
		target: 'blockade',
		method: 'POST',
		path: (id) => `/api/blockades/${id}/test-rounds`,
		body: testRoundBody,
		parse: parseTestRound,
		label: (v, c: { blockade: string }) => testRoundLabel(v.round, v.of, v.positives, c.blockade)
	}),
	'blockade-lift': row({
		target: 'blockade',
		method: 'POST',
		path: (id) => `/api/blockades/${id}/lift`,
		body: liftBody,
		parse: parseLift,
		label: (v, c: { blockade: string }) => liftLabel(v.reference, c.blockade)
	}),
	/** A ward's welfare report (issue 14 §2): what its team did since the previous one. */
	'welfare-report': row({
		target: 'ward',
		method: 'POST',
		path: (ward) => `/api/wards/${ward}/welfare-reports`,
		body: welfareReportBody,
		parse: (b, _c: Record<string, never>) => parseWelfareReport(b),
		label: (v) => welfareReportLabel(v)
	}),
	/**
	 * Changing an active blockade (its zone, its figures): only the fields the commander changed are
	 * sent, so two tablets changing different fields do not undo each other with what they showed.
	 * The device checks the figures against those it shows; the server checks them again on its own.
	 */
	'blockade-edit': row({
		target: 'blockade',
		method: 'PATCH',
		path: (id) => `/api/blockades/${id}`,
		body: blockadeEditBody,
		parse: (b, c: BlockadeEditContext) => parseBlockadeEdit(b, c.zoneScheme, c.blockade),
		label: (v, c) => blockadeEditLabel(c.blockade.name, v, c.zoneScheme),
		// The form keeps what the commander set: it shows the blockade as it will be once sent.
		reset: false
	}),
	/**
	 * A unit's duty roster for one day (issue 14 §1), replaced whole: the target is `<unit>/<date>`
	 * (dutyTargetOf), the plan every shift of the day as the form shows it.
	 */
	'duty-roster': row({
		target: 'duty',
		method: 'PUT',
		path: (target) => {
			const [unit = '', date = ''] = target.split('/');
			return `/api/duty-roster?unit=${encodeURIComponent(unit)}&date=${encodeURIComponent(date)}`;
		},
		body: dutyRosterBody,
		parse: parseDutyRoster,
		label: (v, c: { unitName: string; date: string }) => dutyRosterLabel(c.unitName, c.date, v.shifts),
		reset: false
	})
};

export type EntryKindName = keyof typeof ENTRY_KINDS;
/** What the page hands over with an entry of this kind. */
export type EntryContext<K extends EntryKindName> = K extends EntryKindName
	? (typeof ENTRY_KINDS)[K] extends EntryKind<infer _T, infer C>
		? C
		: never
	: never;

/** Where and how an entry of this kind about this target is sent: stored with the entry on the device. */
export function endpointOf(kind: EntryKindName, target: string): { method: EntryMethod; url: string } {
	const r = ENTRY_KINDS[kind];
	return { method: r.method, url: r.path(target) };
}

/** A row, seen without its value type (the device only passes the parsed value on to its label). */
export function entryKind<K extends EntryKindName>(kind: K): EntryKind<unknown, EntryContext<K>> {
	return ENTRY_KINDS[kind] as unknown as EntryKind<unknown, EntryContext<K>>;
}

/**
 * Which of the device's entries are about these targets (a page's facilities, its checkpoints): those
 * sent, or to be sent, to a path the table makes for one of them — entries stored before this table
 * carry only their path, so the path is what is compared. A ward's own entries (the case report) are
 * those stored for that ward: one sent to a ward the server does not know still shows, refused, on
 * the page that queued it.
 */
export function entriesOf(target: EntryTarget, codes: readonly string[]): (entry: { kind: string; ward: string; url: string }) => boolean {
	const rows = Object.entries(ENTRY_KINDS).filter(([, r]) => r.target === target);
	if (target === 'ward') {
		const kinds = new Set(rows.map(([k]) => k));
		return (entry) => kinds.has(entry.kind) && codes.includes(entry.ward);
	}
	const paths = new Set(rows.flatMap(([, r]) => codes.map((c) => r.path(c))));
	return (entry) => paths.has(entry.url);
}
