/**
 * What a tablet does with an entry before it is queued: the form's fields become the API body
 * (the same mapping as the no-JavaScript form action), the shared contract judges it, and the
 * device's list shows what is still on its way.
 */
import { describe, expect, it } from 'vitest';
import { checkInBody, dutyBody, issueBody, movementBody, receiptBody, statusBody, transferBody } from '../../src/lib/contracts/forms.ts';
import { parseMovement, parseStatus, parseStatusFor } from '../../src/lib/contracts/quarantine.ts';
import { parseIssue, parseReceipt, parseTransfer } from '../../src/lib/contracts/stock.ts';
import { parseCheckIn, parseCheckOut } from '../../src/lib/contracts/checkpoints.ts';
import { visibleEntries, type EntryStatus } from '../../src/lib/domain/outbox.ts';
import { checkInLabel, movementLabel, stockLabel } from '../../src/lib/i18n/entries.ts';

const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};
const fields = (r: { ok: boolean; errors?: Array<{ field: string; code: string }> }) => (r.ok ? [] : r.errors!.map((e) => `${e.field}:${e.code}`));

describe('quarantine entries', () => {
	it('an admission typed with Vietnamese grouping is a number; an empty note is no note', () => {
		expect(parseMovement(movementBody(form({ kind: 'admission', amount: '1.200', note: '' })))).toEqual({
			ok: true,
			value: { kind: 'admission', amount: 1200, note: null, personKind: null, originWard: null }
		});
	});
	it('an admission says who moved and from which ward; a bed count sends neither, whatever the form holds (issue 13 §4)', () => {
		expect(parseMovement(movementBody(form({ kind: 'admission', amount: '3', note: '', personKind: 'f1', originWard: 'kim-ma' })))).toEqual({
			ok: true,
			value: { kind: 'admission', amount: 3, note: null, personKind: 'f1', originWard: 'kim-ma' }
		});
		expect(movementBody(form({ kind: 'capacity', amount: '300', note: '', personKind: 'f1', originWard: 'kim-ma' }))).toEqual({
			kind: 'capacity',
			amount: 300,
			note: null
		});
		// "Không ghi" / "—": not said.
		expect(parseMovement(movementBody(form({ kind: 'discharge', amount: '2', note: '', personKind: '', originWard: '' })))).toMatchObject({
			ok: true,
			value: { personKind: null, originWard: null }
		});
		expect(fields(parseMovement(movementBody(form({ kind: 'admission', amount: '2', note: '', personKind: 'f9', originWard: '' }))))).toEqual([
			'personKind:invalid'
		]);
	});
	it('an admission or discharge of nobody is refused on the device, naming the amount', () => {
		expect(fields(parseMovement(movementBody(form({ kind: 'admission', amount: '0' }))))).toEqual(['amount:invalid']);
		expect(fields(parseMovement(movementBody(form({ kind: 'discharge', amount: '0' }))))).toEqual(['amount:invalid']);
		expect(parseMovement(movementBody(form({ kind: 'capacity', amount: '0' }))).ok).toBe(true);
	});
	it('a missing, negative or fractional amount names the field and why', () => {
		expect(fields(parseMovement(movementBody(form({ kind: 'admission', amount: '' }))))).toEqual(['amount:required']);
		expect(fields(parseMovement(movementBody(form({ kind: 'admission', amount: '-3' }))))).toEqual(['amount:negative']);
		expect(fields(parseMovement(movementBody(form({ kind: 'admission', amount: '2,5' }))))).toEqual(['amount:not_integer']);
		expect(fields(parseMovement(movementBody(form({ kind: 'admission', amount: 'năm' }))))).toEqual(['amount:not_number']);
	});
	it('an unknown status is refused', () => {
		expect(fields(parseStatus({ status: 'open' }))).toEqual(['status:invalid']);
	});
	it('a status change from the form: decision number and acceptance only when typed; the inspection time read as dd/MM/yyyy HH:mm in Hà Nội', () => {
		expect(parseStatus(statusBody(form({ status: 'operating', note: '', decisionRef: '' })))).toEqual({
			ok: true,
			value: { status: 'operating', note: null, decisionRef: null, acceptance: null }
		});
		expect(parseStatus(statusBody(form({ status: 'treating_f0', decisionRef: ' 1234/QĐ-UBND ' })))).toMatchObject({
			ok: true,
			value: { decisionRef: '1234/QĐ-UBND', acceptance: null }
		});
		expect(parseStatus(statusBody(form({ status: 'ready', inspectedBy: 'Tổ nghiệm thu', inspectedAt: '01/08/2021 09:30', acceptanceNote: 'Đạt' })))).toEqual({
			ok: true,
			value: {
				status: 'ready',
				note: null,
				decisionRef: null,
				acceptance: { inspectedBy: 'Tổ nghiệm thu', inspectedAt: '2021-08-01T09:30:00+07:00', note: 'Đạt' }
			}
		});
	});
	it('an acceptance with no inspector, or a time that is not one, names the field', () => {
		expect(fields(parseStatus(statusBody(form({ status: 'ready', inspectedBy: '', inspectedAt: '01/08/2021 09:30' }))))).toEqual([
			'acceptance.inspectedBy:required'
		]);
		expect(fields(parseStatus(statusBody(form({ status: 'ready', inspectedBy: 'Tổ', inspectedAt: '31/02/2021 09:30' }))))).toEqual([
			'acceptance.inspectedAt:bad_time'
		]);
		expect(fields(parseStatus(statusBody(form({ status: 'ready', inspectedBy: 'Tổ', inspectedAt: 'sáng nay' }))))).toEqual(['acceptance.inspectedAt:bad_time']);
	});
	it('the tablet applies the state machine before it queues: the same codes the server answers with', () => {
		const operating = { status: 'operating' as const, occupied: 241 };
		expect(fields(parseStatusFor(statusBody(form({ status: 'treating_f0' })), operating, true))).toEqual(['decisionRef:decision_required']);
		expect(fields(parseStatusFor(statusBody(form({ status: 'treating_f0', decisionRef: '12/QĐ' })), operating, false))).toEqual([
			'status:district_role_required'
		]);
		expect(parseStatusFor(statusBody(form({ status: 'treating_f0', decisionRef: '12/QĐ' })), operating, true).ok).toBe(true);
		expect(fields(parseStatusFor(statusBody(form({ status: 'closed' })), operating, true))).toEqual(['status:facility_not_empty']);
		expect(fields(parseStatusFor(statusBody(form({ status: 'ready' })), { status: 'preparing', occupied: 0 }, true))).toEqual([
			'acceptance:acceptance_required'
		]);
		// A shape error comes first: the state machine is not asked about a status that is not one.
		expect(fields(parseStatusFor({ status: 'open' }, operating, true))).toEqual(['status:invalid']);
	});
});

describe('stock entries', () => {
	it('receipt, issue and transfer bodies are exactly what the API takes', () => {
		expect(parseReceipt(receiptBody(form({ item: 'gao', quantity: '50', supplier: '', note: '' })))).toEqual({
			ok: true,
			value: { item: 'gao', quantity: 50, supplier: null, note: null }
		});
		expect(parseIssue(issueBody(form({ item: 'gao', quantity: '5', destinationKind: 'households', destination: 'Tổ 3', note: '' })))).toEqual({
			ok: true,
			value: { item: 'gao', quantity: 5, destinationKind: 'households', destination: 'Tổ 3', note: null }
		});
		expect(parseTransfer(transferBody(form({ item: 'gao', quantity: '5', to: 'kho-quan', note: 'gấp' })))).toEqual({
			ok: true,
			value: { item: 'gao', quantity: 5, to: 'kho-quan', note: 'gấp' }
		});
	});
	it('an issue with no quantity and no destination names both fields', () => {
		expect(fields(parseIssue(issueBody(form({ item: 'gao', quantity: '', destinationKind: 'households', destination: ' ' }))))).toEqual([
			'quantity:required',
			'destination:required'
		]);
	});
	it('zero is not a quantity', () => {
		expect(fields(parseReceipt(receiptBody(form({ item: 'gao', quantity: '0' }))))).toEqual(['quantity:not_positive']);
	});
});

describe('checkpoint entries', () => {
	it('a check-in keeps the ID in capitals; a bad ID is refused by name', () => {
		expect(parseCheckIn(checkInBody(form({ personName: ' Nguyễn Văn An ', personKey: 'ca123456', force: 'police' })))).toEqual({
			ok: true,
			value: { personName: 'Nguyễn Văn An', personKey: 'CA123456', force: 'police' }
		});
		expect(fields(parseCheckIn(checkInBody(form({ personName: '', personKey: '12', force: 'police' }))))).toEqual([
			'personName:required',
			'personKey:bad_person_key'
		]);
	});
	it('a check-out carries the duty id as a number', () => {
		expect(parseCheckOut(dutyBody(form({ dutyId: '42' })))).toEqual({ ok: true, value: { dutyId: 42 } });
		expect(parseCheckOut(dutyBody(form({ dutyId: '' }))).ok).toBe(false);
	});
});

describe('visibleEntries: what a page lists', () => {
	const queue = (statuses: EntryStatus[]) => statuses.map((status, i) => ({ id: String(i), status, url: i % 2 ? '/api/a' : '/api/b' }));
	it('newest first, only the page’s own', () => {
		expect(visibleEntries(queue(['sent', 'waiting', 'sent', 'refused']), (e) => e.url === '/api/a').map((e) => e.id)).toEqual(['3', '1']);
	});
	it('every entry not yet arrived, however many; only the latest sent ones', () => {
		const q = queue(['waiting', 'refused', 'sent', 'sent', 'sent', 'waiting']);
		expect(visibleEntries(q, () => true, 2).map((e) => e.id)).toEqual(['5', '4', '3', '1', '0']);
	});
});

describe('entry labels (Vietnamese, grouped numbers)', () => {
	it('names what moved and where', () => {
		expect(movementLabel('admission', 1200, 'Cung thể thao Quần Ngựa')).toBe('Tiếp nhận 1.200 người — Cung thể thao Quần Ngựa');
		expect(stockLabel({ kind: 'issue', destinationKind: 'households', destination: 'Tổ 3' }, 1000, { name: 'Gạo', unit: 'kg' })).toBe(
			'Xuất 1.000 kg Gạo — Hộ gia đình: Tổ 3'
		);
		expect(stockLabel({ kind: 'receipt', supplier: null }, 5, { name: 'Gạo', unit: 'kg' })).toBe('Nhập 5 kg Gạo');
		expect(checkInLabel('Nguyễn Văn An', 'police', 'Chốt 1')).toBe('Vào ca: Nguyễn Văn An (Công an) — Chốt 1');
	});
});
