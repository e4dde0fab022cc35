/**
 * Issue 12 §4: one table of the tablet's entry kinds. The kinds and paths are stored with every
 * entry waiting on a tablet, so they are pinned here: an entry queued before an update still goes
 * where it was meant to, and still shows on its page.
 */
import { describe, expect, it } from 'vitest';
import { ENTRY_KINDS, dutyTargetOf, endpointOf, entriesOf, entryKind, type EntryContext } from '../../src/lib/entries.ts';
import { blockadeEditBody } from '../../src/lib/contracts/forms.ts';
import { parseIssue } from '../../src/lib/contracts/stock.ts';

const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};

describe('the entry kinds', () => {
	it('keep the kinds and paths tablets have stored', () => {
		expect(Object.fromEntries(Object.entries(ENTRY_KINDS).map(([k, r]) => [k, r.path('x')]))).toEqual({
			'case-report': '/api/wards/x/case-reports',
			'quarantine-movement': '/api/quarantine/x/movements',
			'quarantine-status': '/api/quarantine/x/status',
			'stock-receipt': '/api/warehouses/x/receipts',
			'stock-issue': '/api/warehouses/x/issues',
			'stock-transfer': '/api/warehouses/x/transfers',
			'checkpoint-check-in': '/api/checkpoints/x/check-ins',
			'checkpoint-check-out': '/api/checkpoints/x/check-outs',
			'checkpoint-close': '/api/checkpoints/x/closures',
			'checkpoint-carry-over': '/api/checkpoints/x/carry-overs',
			'blockade-open': '/api/blockades',
			'blockade-round': '/api/blockades/x/test-rounds',
			'blockade-lift': '/api/blockades/x/lift',
			'welfare-report': '/api/wards/x/welfare-reports',
			'blockade-edit': '/api/blockades/x',
			'duty-roster': '/api/duty-roster?unit=x&date='
		});
	});

	it('an issue names its receiving ward only when it goes to households and one is chosen', () => {
		const kind = entryKind('stock-issue');
		const form = (fields: Record<string, string>) => ({ get: (k: string) => fields[k] ?? null });
		const base = { item: 'gao', quantity: '5', destination: 'Tổ 7' };
		expect(kind.body(form({ ...base, destinationKind: 'households', destinationWard: 'kim-ma' }))).toMatchObject({ destinationWard: 'kim-ma' });
		expect(kind.body(form({ ...base, destinationKind: 'households', destinationWard: '' }))).not.toHaveProperty('destinationWard');
		expect(kind.body(form({ ...base, destinationKind: 'checkpoint', destinationWard: 'kim-ma' }))).not.toHaveProperty('destinationWard');
	});

	it('an issue sends its number of aid packages only when it goes to households and one is typed', () => {
		const kind = entryKind('stock-issue');
		const form = (fields: Record<string, string>) => ({ get: (k: string) => fields[k] ?? null });
		const base = { item: 'gao', quantity: '900', destination: 'Tổ 7' };
		expect(kind.body(form({ ...base, destinationKind: 'households', packages: '90' }))).toMatchObject({ quantity: 900, packages: 90 });
		expect(kind.body(form({ ...base, destinationKind: 'households', packages: ' ' }))).not.toHaveProperty('packages');
		expect(kind.body(form({ ...base, destinationKind: 'checkpoint', packages: '90' }))).not.toHaveProperty('packages');
		// A typo reaches the contract as typed, and is refused there by name.
		const typo = parseIssue(kind.body(form({ ...base, destinationKind: 'households', packages: '9x' })));
		expect(typo.ok ? [] : typo.errors.map((e) => e.field)).toEqual(['packages']);
	});

	it('a welfare report sends only the figures filled in, and is refused on the device when none is', () => {
		const kind = entryKind('welfare-report');
		const form = (fields: Record<string, string>) => ({ get: (k: string) => fields[k] ?? null });
		expect(kind.body(form({ householdsSupported: '4', peopleSupported: '', cashPending: '1.200' }))).toEqual({ householdsSupported: 4, cashPending: 1200 });
		expect(kind.body(form({ aidPackages: 'ba' }))).toEqual({ aidPackages: 'ba' });
		const none = kind.parse(kind.body(form({ householdsSupported: ' ' })), {});
		expect(none.ok ? [] : none.errors.map((e) => [e.field, e.code])).toEqual([['', 'nothing_reported']]);
		const ok = kind.parse(kind.body(form({ householdsSupported: '4', cashPaid: '2' })), {});
		expect(ok.ok && kind.label(ok.value, {})).toBe('An sinh xã hội · Hộ được hỗ trợ 4 · Hồ sơ đã chi trả tiền mặt 2');
		// A ward's entry: it shows on that ward's pages.
		expect(entriesOf('ward', ['kim-ma'])({ kind: 'welfare-report', ward: 'kim-ma', url: '/api/wards/kim-ma/welfare-reports' })).toBe(true);
	});

	it('say which method each kind is sent with: every one records something new, but a blockade’s edit changes it', () => {
		const methods = Object.entries(ENTRY_KINDS).map(([k, r]) => [k, r.method]);
		expect(methods.filter(([, m]) => m !== 'POST')).toEqual([
			['blockade-edit', 'PATCH'],
			['duty-roster', 'PUT']
		]);
		// A unit's roster for a day is replaced whole (issue 14 §1): the unit and the day are the target.
		expect(endpointOf('duty-roster', dutyTargetOf('kim-ma', '2026-12-06'))).toEqual({ method: 'PUT', url: '/api/duty-roster?unit=kim-ma&date=2026-12-06' });
		expect(entriesOf('duty', ['district/2026-12-06'])({ kind: 'duty-roster', ward: 'district', url: '/api/duty-roster?unit=district&date=2026-12-06' })).toBe(
			true
		);
		expect(entriesOf('duty', ['district/2026-12-06'])({ kind: 'duty-roster', ward: 'district', url: '/api/duty-roster?unit=district&date=2026-12-07' })).toBe(
			false
		);
		expect(endpointOf('blockade-edit', '7')).toEqual({ method: 'PATCH', url: '/api/blockades/7' });
		expect(endpointOf('blockade-lift', '7')).toEqual({ method: 'POST', url: '/api/blockades/7/lift' });
		// The edit is a blockade's entry: it shows on the page of that blockade, with its rounds and its lift.
		expect(entriesOf('blockade', ['7'])({ kind: 'blockade-edit', ward: 'kim-ma', url: '/api/blockades/7' })).toBe(true);
		expect(entriesOf('blockade', ['7'])({ kind: 'blockade-edit', ward: 'kim-ma', url: '/api/blockades/70' })).toBe(false);
	});

	it('a blockade opened on a tablet: its local start time is sent as an instant, and households over people are refused on the device', () => {
		const open = entryKind('blockade-open');
		const fields = { wardCode: 'kim-ma', name: 'Ngõ 12 Kim Mã', zone: 'red', startedAt: '28/08/2021 07:00', people: '480', households: '120' };
		const body = open.body(form(fields));
		expect(body).toMatchObject({ startedAt: '2021-08-28T07:00:00+07:00', people: 480, households: 120, address: null });
		const parsed = open.parse(body, { zoneScheme: 'three' });
		expect(parsed.ok && open.label(parsed.value, { zoneScheme: 'three' })).toBe('Mở khu phong tỏa: Ngõ 12 Kim Mã · 480 người');
		expect(open.parse(open.body(form({ ...fields, households: '481' })), { zoneScheme: 'three' })).toMatchObject({
			ok: false,
			errors: [{ field: 'households', code: 'households_exceed_people' }]
		});
		const round = entryKind('blockade-round');
		expect(round.parse(round.body(form({ round: '1', of: '3', date: '2021-08-29', samples: '480', positives: 'hai' })), undefined as never)).toMatchObject({
			ok: false,
			errors: [{ field: 'positives', code: 'not_number' }]
		});
	});

	describe('a blockade’s edit', () => {
		const was = { 'was.name': 'Ngõ 12 Kim Mã', 'was.address': 'Tổ 5', 'was.zone': 'red', 'was.people': '480', 'was.households': '120' };
		const shown = { name: 'Ngõ 12 Kim Mã', address: 'Tổ 5', zone: 'red', people: '480', households: '120' };
		const edit = (fields: Record<string, string>) => blockadeEditBody(form({ ...was, ...shown, ...fields }));
		const context: EntryContext<'blockade-edit'> = { blockade: { name: 'Ngõ 12 Kim Mã', people: 480, households: 120 }, zoneScheme: 'three' };
		const kind = entryKind('blockade-edit');

		it('sends only the fields the commander changed', () => {
			expect(edit({ zone: 'orange' })).toEqual({ zone: 'orange' });
			expect(edit({ people: '1.200', households: '130' })).toEqual({ people: 1200, households: 130 });
			expect(edit({ name: 'Ngõ 12 phố Kim Mã', address: '' })).toEqual({ name: 'Ngõ 12 phố Kim Mã', address: null });
		});

		it('does not count as a change what only reads differently: spaces around a text, a figure written with a dot', () => {
			expect(edit({ name: '  Ngõ 12 Kim Mã ', people: '0480', households: ' 120' })).toEqual({});
			expect(blockadeEditBody(form({ ...was, ...shown, 'was.people': '1200', people: '1.200' }))).toEqual({});
		});

		it('passes on a cleared or mistyped figure, for the contract to name', () => {
			expect(edit({ people: '', households: 'trăm' })).toEqual({ people: null, households: 'trăm' });
			const parsed = kind.parse(edit({ people: '', households: 'trăm' }), context);
			expect(parsed.ok ? [] : parsed.errors.map((e) => [e.field, e.code])).toEqual([
				['people', 'not_number'],
				['households', 'not_number']
			]);
		});

		it('is refused on the device when nothing changed, and when the figures it leaves have more households than people', () => {
			expect(kind.parse(edit({}), context)).toMatchObject({ ok: false, errors: [{ field: '', code: 'nothing_to_change' }] });
			// Fewer people than the households the tablet shows: named on households, as the server would.
			expect(kind.parse(edit({ people: '100' }), context)).toMatchObject({ ok: false, errors: [{ field: 'households', code: 'households_exceed_people' }] });
			expect(kind.parse(edit({ zone: 'purple' }), context)).toMatchObject({ ok: false, errors: [{ field: 'zone', code: 'unknown_zone' }] });
		});

		it('is named by what it changes, with the zone in words', () => {
			const parsed = kind.parse(edit({ zone: 'orange', households: '150' }), context);
			expect(parsed.ok && kind.label(parsed.value, context)).toBe('Cập nhật khu phong tỏa: Ngõ 12 Kim Mã — Vùng da cam · 150 hộ');
			const cleared = kind.parse(edit({ address: ' ' }), context);
			expect(cleared.ok && kind.label(cleared.value, context)).toBe('Cập nhật khu phong tỏa: Ngõ 12 Kim Mã — xóa địa chỉ');
		});

		it('without the values the form showed, sends what is filled in', () => {
			expect(blockadeEditBody(form({ zone: 'orange', people: '500', address: '' }))).toEqual({ zone: 'orange', people: 500 });
		});
	});

	it('a row checks a form and names the entry with what the page knows', () => {
		const receipt = entryKind('stock-receipt');
		const context: EntryContext<'stock-receipt'> = { item: () => ({ name: 'Gạo', unit: 'kg' }), warehouse: (c) => c };
		const parsed = receipt.parse(receipt.body(form({ item: 'gao', quantity: '1.200', supplier: 'Chợ Long Biên' })), context);
		expect(parsed.ok).toBe(true);
		if (parsed.ok) expect(receipt.label(parsed.value, context)).toBe('Nhập 1.200 kg Gạo — từ Chợ Long Biên');
		const status = entryKind('quarantine-status');
		const converting = status.parse(status.body(form({ status: 'treating_f0' })), {
			facility: { name: 'Quần Ngựa', status: 'operating', occupied: 3 },
			mayConvert: true
		});
		expect(converting.ok ? [] : converting.errors.map((e) => e.field)).toEqual(['decisionRef']);
		// @ts-expect-error a case report is checked against the district's zone scheme: the page must give it
		const none: EntryContext<'case-report'> = {};
		expect(none).toEqual({});
	});

	it('a page’s entries are those sent to a path of one of its targets, whatever kind they were stored as', () => {
		const entry = (kind: string, url: string, ward = 'lieu-giai') => ({ kind, ward, url });
		const mine = entriesOf('facility', ['quan-ngua']);
		expect(mine(entry('quarantine-movement', '/api/quarantine/quan-ngua/movements'))).toBe(true);
		expect(mine(entry('movement', '/api/quarantine/quan-ngua/status'))).toBe(true);
		expect(mine(entry('quarantine-movement', '/api/quarantine/quan-ngua-2/movements'))).toBe(false);
		expect(mine(entry('stock-receipt', '/api/warehouses/quan-ngua/receipts'))).toBe(false);
		expect(entriesOf('checkpoint', [])(entry('checkpoint-check-in', '/api/checkpoints/a/check-ins'))).toBe(false);
	});

	it('a ward’s case reports are those stored for it, even one sent to a ward the server does not know', () => {
		const ward = entriesOf('ward', ['kim-ma']);
		expect(ward({ kind: 'case-report', ward: 'kim-ma', url: '/api/wards/kim-ma/case-reports' })).toBe(true);
		expect(ward({ kind: 'case-report', ward: 'kim-ma', url: '/api/wards/khong-co/case-reports' })).toBe(true);
		expect(ward({ kind: 'case-report', ward: 'giang-vo', url: '/api/wards/giang-vo/case-reports' })).toBe(false);
		expect(ward({ kind: 'stock-receipt', ward: 'kim-ma', url: '/api/warehouses/kim-ma/receipts' })).toBe(false);
	});

	it('a duty roster from the tablet form: every shift in order, officers one per line, errors naming the shift’s field', () => {
		const kind = entryKind('duty-roster');
		const body = kind.body(
			form({
				'shifts.0.leader.name': 'Trần Thị Hoa',
				'shifts.0.leader.phone': '0912 345 678',
				'shifts.0.officers': 'Lê Văn Nam, 0983 111 222\n\n  Phạm Thị Lan, Jr., 024 3823 4567  ',
				'shifts.1.leader.name': '',
				'shifts.1.leader.phone': '',
				'shifts.2.officers': 'Người không có số'
			})
		);
		expect(body).toEqual({
			shifts: [
				{
					shift: 1,
					leader: { name: 'Trần Thị Hoa', phone: '0912 345 678' },
					officers: [
						{ name: 'Lê Văn Nam', phone: '0983 111 222' },
						{ name: 'Phạm Thị Lan, Jr.', phone: '024 3823 4567' }
					]
				},
				{ shift: 2, leader: null, officers: [] },
				{ shift: 3, leader: null, officers: [{ name: 'Người không có số', phone: '' }] }
			]
		});
		const context = { unitName: 'Quận Ba Đình', date: '2026-12-06' };
		expect(kind.parse(body, context)).toMatchObject({ ok: false, errors: [{ field: 'shifts.2.officers.0.phone', code: 'required' }] });
		const ok = kind.parse({ shifts: (body.shifts as unknown[]).slice(0, 2) }, context);
		expect(ok.ok && kind.label(ok.value, context)).toBe('Lịch trực Quận Ba Đình ngày 06/12: ca 1 Trần Thị Hoa, ca 2 chưa có trực chỉ huy');
	});
});
