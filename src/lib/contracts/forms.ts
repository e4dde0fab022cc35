/**
 * What a tablet form's fields mean as an API body. One mapping, used twice: by the device before it
 * validates and queues an entry (the outbox sends it to the JSON API), and by the no-JavaScript form
 * actions — so both paths hand the service the same body and get the same verdict.
 * Numbers are turned into numbers only when they read as numbers (parseTypedCount): anything else
 * is passed on as typed, for the schema to name the field and say why.
 */
import { CASE_COUNT_FIELDS, parseTypedCount } from '../domain/cases.ts';
import { localInputInstant } from '../domain/time.ts';
import { FORCES, carriesBlockade } from '../domain/checkpoint.ts';
import { isDatabaseId } from './input.ts';
import { SHIFT_NUMBERS } from '../domain/duty.ts';
import { WELFARE_FIELDS } from '../domain/welfare.ts';

/** FormData, or anything with its `get` (the device's and the server's are the same type). */
export type Fields = Pick<FormData, 'get'>;

const text = (f: Fields, k: string) => String(f.get(k) ?? '');
const count = (f: Fields, k: string) => parseTypedCount(text(f, k));
/** Optional free text: empty means absent, so the schema sees `null`, not "". */
const optional = (f: Fields, k: string) => text(f, k) || null;

export function caseReportBody(f: Fields): Record<string, unknown> {
	const body: Record<string, unknown> = {};
	for (const k of CASE_COUNT_FIELDS) body[k] = count(f, k);
	body.zone = text(f, 'zone') || undefined;
	body.note = optional(f, 'note');
	return body;
}

/** A welfare report (issue 14 §2): an empty field is not given (absent), never 0 — the schema asks for at least one. */
export function welfareReportBody(f: Fields): Record<string, unknown> {
	const body: Record<string, unknown> = {};
	for (const k of WELFARE_FIELDS) if (text(f, k).trim() !== '') body[k] = count(f, k);
	return body;
}

/** A bed count moves no one: who and from where are sent only with an admission or a discharge (issue 13 §4). */
export const movementBody = (f: Fields) => {
	const kind = text(f, 'kind');
	const who = kind === 'capacity' ? {} : { personKind: optional(f, 'personKind'), originWard: optional(f, 'originWard') };
	return { kind, amount: count(f, 'amount'), note: optional(f, 'note'), ...who };
};
/**
 * A status change; the acceptance fields are sent only when an inspector is named, so a change
 * that needs none carries none. The inspection time is typed as a local date-time on the tablet
 * (`yyyy-MM-ddTHH:mm`, Asia/Ho_Chi_Minh) and sent as an instant.
 */
export const statusBody = (f: Fields) => {
	const inspectedBy = optional(f, 'inspectedBy');
	const at = text(f, 'inspectedAt');
	return {
		status: text(f, 'status'),
		note: optional(f, 'note'),
		decisionRef: optional(f, 'decisionRef'),
		acceptance: inspectedBy || at ? { inspectedBy: inspectedBy ?? '', inspectedAt: localInputInstant(at), note: optional(f, 'acceptanceNote') } : null
	};
};

export const receiptBody = (f: Fields) => ({
	item: text(f, 'item'),
	quantity: count(f, 'quantity'),
	supplier: optional(f, 'supplier'),
	note: optional(f, 'note')
});
/**
 * The receiving ward and the number of aid packages are sent only with an issue to households, and
 * only when given ("" = the warehouse's own ward; no packages).
 */
export const issueBody = (f: Fields) => {
	const households = text(f, 'destinationKind') === 'households';
	return {
		item: text(f, 'item'),
		quantity: count(f, 'quantity'),
		destinationKind: text(f, 'destinationKind'),
		destination: text(f, 'destination'),
		note: optional(f, 'note'),
		...(households && text(f, 'destinationWard') ? { destinationWard: text(f, 'destinationWard') } : {}),
		...(households && text(f, 'packages').trim() ? { packages: count(f, 'packages') } : {})
	};
};
export const transferBody = (f: Fields) => ({ item: text(f, 'item'), quantity: count(f, 'quantity'), to: text(f, 'to'), note: optional(f, 'note') });

export const checkInBody = (f: Fields) => ({ personName: text(f, 'personName'), personKey: text(f, 'personKey'), force: text(f, 'force') });
/**
 * Which check-in: a check-out, or closing / carrying over one of an ended shift. A duty id that is
 * not a number is passed on as typed: the schema refuses it by name.
 */
export const dutyBody = (f: Fields) => ({ dutyId: count(f, 'dutyId') });

function requiredBody(f: Fields): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const force of FORCES) if (text(f, `required.${force}`).trim() !== '') out[force] = count(f, `required.${force}`);
	return out;
}

/**
 * The blockade select of a checkpoint form: "" is none. It is shown only for a checkpoint inside a
 * blockaded area, so for another kind it means none, whatever it holds. An id that is not one is
 * passed on as typed: the schema refuses it by name.
 */
function blockadeIdBody(f: Fields): unknown {
	const id = text(f, 'blockadeId').trim();
	if (!carriesBlockade(text(f, 'kind')) || id === '') return null;
	return isDatabaseId(id) ? Number(id) : id;
}

/** The registry page (issue 11 §3): the same bodies as `POST/PATCH /api/quarantine`, `/api/warehouses`, `/api/items`. */
export const registryBodies = {
	/** The owner select sends "" for the district's own. */
	facility: (f: Fields) => ({
		code: text(f, 'code'),
		name: text(f, 'name'),
		wardCode: text(f, 'wardCode') || null,
		kind: text(f, 'kind'),
		address: optional(f, 'address'),
		capacity: count(f, 'capacity')
	}),
	facilityEdit: (f: Fields) => ({ name: text(f, 'name'), kind: text(f, 'kind'), address: optional(f, 'address') }),
	warehouse: (f: Fields) => ({ code: text(f, 'code'), name: text(f, 'name'), wardCode: text(f, 'wardCode') || null }),
	warehouseEdit: (f: Fields) => ({ name: text(f, 'name') }),
	item: (f: Fields) => ({ code: text(f, 'code'), name: text(f, 'name'), unit: text(f, 'unit'), minDays: count(f, 'minDays') }),
	itemEdit: (f: Fields) => ({ name: text(f, 'name'), unit: text(f, 'unit'), minDays: count(f, 'minDays') }),
	/** Required people per force from `required.<force>` fields; an empty one is none required. */
	checkpoint: (f: Fields) => ({
		code: text(f, 'code'),
		name: text(f, 'name'),
		wardCode: text(f, 'wardCode'),
		kind: text(f, 'kind'),
		leadUnit: text(f, 'leadUnit'),
		required: requiredBody(f),
		blockadeId: blockadeIdBody(f)
	}),
	checkpointEdit: (f: Fields) => ({
		name: text(f, 'name'),
		kind: text(f, 'kind'),
		leadUnit: text(f, 'leadUnit'),
		required: requiredBody(f),
		blockadeId: blockadeIdBody(f)
	}),
	retire: (f: Fields) => ({ reason: text(f, 'reason') }),
	/** An empty target clears it. */
	bedTarget: (f: Fields) => ({ quarantineBedTarget: text(f, 'quarantineBedTarget').trim() === '' ? null : count(f, 'quarantineBedTarget') })
};

/** Opening a blockade (issue 13 §1): its start typed as a local date-time (`dd/MM/yyyy HH:mm`, Asia/Ho_Chi_Minh). */
export const blockadeOpenBody = (f: Fields) => ({
	wardCode: text(f, 'wardCode'),
	name: text(f, 'name'),
	address: optional(f, 'address'),
	zone: text(f, 'zone'),
	startedAt: localInputInstant(text(f, 'startedAt')),
	people: count(f, 'people'),
	households: count(f, 'households')
});
/** A testing round: the day as the date input sends it (`yyyy-MM-dd`). */
export const testRoundBody = (f: Fields) => ({
	round: count(f, 'round'),
	of: count(f, 'of'),
	date: text(f, 'date'),
	samples: count(f, 'samples'),
	positives: count(f, 'positives')
});
export const liftBody = (f: Fields) => ({ reference: text(f, 'reference'), note: optional(f, 'note') });

/** The fields of a blockade that an edit may change; each form field has its shown value beside it as `was.<field>`. */
const BLOCKADE_EDIT_FIELDS = ['name', 'address', 'zone', 'people', 'households'] as const;

/**
 * Changing a blockade: only what differs from the value the form showed (`was.<field>`, a hidden
 * field the page fills in), so a tablet does not send back, stale, what another changed meanwhile.
 * Texts are compared trimmed, figures as numbers ("1.200" is 1200); a cleared address is sent as
 * null (cleared), a cleared figure as null (the schema names it); nothing changed is `{}`, which the
 * schema refuses as nothing to change.
 */
export function blockadeEditBody(f: Fields): Record<string, unknown> {
	const body: Record<string, unknown> = {};
	for (const k of BLOCKADE_EDIT_FIELDS) {
		const now = text(f, k).trim();
		const was = text(f, `was.${k}`).trim();
		if (k === 'people' || k === 'households') {
			const typed = count(f, k);
			if (typed !== count(f, `was.${k}`)) body[k] = typed ?? null;
		} else if (now !== was) body[k] = k === 'address' ? optional(f, k) : text(f, k);
	}
	return body;
}

/** One person per line of a shift's officers: `Họ tên, số điện thoại` (the phone after the last comma). */
export function dutyPeopleLines(people: ReadonlyArray<{ name: string; phone: string }>): string {
	return people.map((p) => `${p.name}, ${p.phone}`).join('\n');
}

/**
 * A unit-day's roster (issue 14 §1): every shift of the day, in order, so `shifts.<i>` of an error
 * is the form's shift i. A leader with neither name nor phone is none; an officer's line without a
 * comma has no phone (the schema says so, naming `shifts.<i>.officers.<j>.phone`).
 */
export function dutyRosterBody(f: Fields): Record<string, unknown> {
	return {
		shifts: SHIFT_NUMBERS.map((n, i) => {
			const name = text(f, `shifts.${i}.leader.name`).trim();
			const phone = text(f, `shifts.${i}.leader.phone`).trim();
			const officers = text(f, `shifts.${i}.officers`)
				.split('\n')
				.map((l) => l.trim())
				.filter(Boolean)
				.map((line) => {
					const k = line.lastIndexOf(',');
					return k === -1 ? { name: line, phone: '' } : { name: line.slice(0, k).trim(), phone: line.slice(k + 1).trim() };
				});
			return { shift: n, leader: name || phone ? { name, phone } : null, officers };
		})
	};
}
