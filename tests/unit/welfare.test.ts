import { describe, expect, it } from 'vitest';
import { districtOf, replaceWardWelfare, rollWelfare, welfareAt, welfareOf, type StockAidDay, type WelfareDay } from '../../src/lib/domain/welfare.ts';
import { parseWelfareReport } from '../../src/lib/contracts/welfare.ts';
import { parseIssue } from '../../src/lib/contracts/stock.ts';

const now = new Date('2026-11-22T05:00:00.000Z'); // 12:00 Hanoi, 22/11
const day = (wardCode: string, d: string, f: Partial<WelfareDay> = {}): WelfareDay => ({
	wardCode,
	day: d,
	householdsSupported: 0,
	peopleSupported: 0,
	aidPackages: 0,
	cashPaid: 0,
	shelterTakenIn: 0,
	cashPending: null,
	cashPendingAt: null,
	...f
});
const aid = (wardCode: string | null, warehouseCode: string, d: string, packages: number): StockAidDay => ({
	wardCode,
	warehouseCode,
	warehouseName: warehouseCode === 'kho-quan' ? 'Kho quận' : `Kho ${warehouseCode}`,
	day: d,
	packages
});

describe('welfare totals', () => {
	it('adds the day rows: today is today’s local day, cumulative is every day', () => {
		const w = welfareOf(
			[
				day('kim-ma', '2026-11-21', { householdsSupported: 10, peopleSupported: 30 }),
				day('kim-ma', '2026-11-22', { householdsSupported: 4, peopleSupported: 9, shelterTakenIn: 2 })
			],
			[],
			['kim-ma', 'doi-can'],
			now
		);
		expect(w.day).toBe('2026-11-22');
		const kimMa = w.wards[0]!;
		expect(kimMa.today).toMatchObject({ householdsSupported: 4, peopleSupported: 9, shelterTakenIn: 2 });
		expect(kimMa.total).toMatchObject({ householdsSupported: 14, peopleSupported: 39, shelterTakenIn: 2 });
		// A ward with no report: zeros, no cash pending level.
		expect(w.wards[1]).toMatchObject({ wardCode: 'doi-can', today: { householdsSupported: 0, cashPending: null }, total: { householdsSupported: 0 } });
		expect(w.district.total.householdsSupported).toBe(14);
	});

	it('the local day is Hanoi’s: 23:30 UTC on the 21st is already the 22nd', () => {
		const late = new Date('2026-11-21T17:30:00.000Z'); // 00:30 on the 22nd in Hanoi
		expect(welfareOf([day('kim-ma', '2026-11-22', { cashPaid: 3 })], [], ['kim-ma'], late).wards[0]!.today.cashPaid).toBe(3);
	});

	it('cash pending is a level: the latest wins (today: the latest given today), and wards add up', () => {
		const w = welfareOf(
			[
				day('kim-ma', '2026-11-20', { cashPending: 40, cashPendingAt: '2026-11-20T03:00:00.000Z', cashPaid: 5 }),
				day('kim-ma', '2026-11-21', { cashPending: 25, cashPendingAt: '2026-11-21T03:00:00.000Z', cashPaid: 15 }),
				day('kim-ma', '2026-11-22', { cashPaid: 2 }),
				day('doi-can', '2026-11-22', { cashPending: 7, cashPendingAt: '2026-11-22T02:00:00.000Z' })
			],
			[],
			['kim-ma', 'doi-can'],
			now
		);
		expect(w.wards[0]!.total.cashPending).toBe(25); // not 40 + 25
		expect(w.wards[0]!.today.cashPending).toBeNull(); // nothing said about it today
		expect(w.wards[0]!.total.cashPaid).toBe(22); // paid is an increment
		expect(w.wards[1]!.today.cashPending).toBe(7);
		expect(w.district.total.cashPending).toBe(32);
		expect(w.district.today.cashPending).toBe(7);
	});
});

describe('welfare totals with stock issues', () => {
	const days = [day('kim-ma', '2026-11-22', { aidPackages: 20 }), day('kim-ma', '2026-11-21', { aidPackages: 5 })];
	const issues = [
		aid('kim-ma', 'kim-ma', '2026-11-22', 30), // the ward's own warehouse, today
		aid('kim-ma', 'kho-quan', '2026-11-21', 100), // the district's, yesterday, named to Kim Mã
		aid('kim-ma', 'kho-quan', '2026-11-22', 10),
		aid('doi-can', 'kho-quan', '2026-11-22', 50),
		aid(null, 'kho-quan', '2026-11-22', 8) // to households of no named ward
	];

	it('a ward’s aid packages are its entered packages plus its warehouse issues, each counted once', () => {
		const w = welfareOf(days, issues, ['kim-ma', 'doi-can'], now);
		const kimMa = w.wards[0]!;
		expect(kimMa.today).toMatchObject({ aidPackages: 20 + 30 + 10, aidFromStock: 40 });
		expect(kimMa.total).toMatchObject({ aidPackages: 25 + 30 + 110, aidFromStock: 140 });
		expect(kimMa.warehouses).toEqual([
			{ warehouseCode: 'kho-quan', warehouseName: 'Kho quận', today: 10, total: 110 },
			{ warehouseCode: 'kim-ma', warehouseName: 'Kho kim-ma', today: 30, total: 30 }
		]);
		expect(w.wards[1]!.total).toMatchObject({ aidPackages: 50, aidFromStock: 50 });
	});

	it('aid to no named ward counts for the district only, in a row of its own', () => {
		const w = welfareOf(days, issues, ['kim-ma', 'doi-can'], now);
		expect(w.wards.map((r) => r.wardCode)).toEqual(['kim-ma', 'doi-can', null]);
		expect(w.wards[2]!.total).toMatchObject({ aidPackages: 8, aidFromStock: 8, householdsSupported: 0 });
		expect(w.district.total.aidPackages).toBe(25 + 140 + 50 + 8);
		expect(w.district.today.aidPackages).toBe(20 + 40 + 50 + 8);
		expect(w.district.warehouses[0]).toEqual({ warehouseCode: 'kho-quan', warehouseName: 'Kho quận', today: 68, total: 168 });
		// A ward reader: its ward, nothing of the others or of the district row.
		const mine = welfareOf(days, issues, ['kim-ma'], now, false);
		expect(mine.wards.map((r) => r.wardCode)).toEqual(['kim-ma']);
		expect(mine.district.total.aidPackages).toBe(165);
	});

	it('an issue to households may name its ward; naming one for another destination is refused by name', () => {
		const base = { item: 'gao', quantity: 5, destination: 'Tổ dân phố 3', destinationWard: 'kim-ma' };
		expect(parseIssue({ ...base, destinationKind: 'households' }).ok).toBe(true);
		const r = parseIssue({ ...base, destinationKind: 'checkpoint' });
		expect(r.ok ? [] : r.errors.map((e) => [e.field, e.code])).toEqual([['destinationWard', 'households_only']]);
		const bad = parseIssue({ ...base, destinationKind: 'households', destinationWard: 'Kim Mã' });
		expect(bad.ok ? [] : bad.errors.map((e) => [e.field, e.code])).toEqual([['destinationWard', 'unknown_ward']]);
	});

	it('an issue to households may say how many aid packages it made up; only to households, a whole number, bounded', () => {
		const base = { item: 'gao', quantity: 900, destination: 'Tổ dân phố 3', destinationKind: 'households' };
		const codes = (body: Record<string, unknown>) => {
			const r = parseIssue({ ...base, ...body });
			return r.ok ? [] : r.errors.map((e) => [e.field, e.code]);
		};
		const ok = parseIssue({ ...base, packages: 90 });
		expect(ok.ok && ok.value.packages).toBe(90);
		expect(codes({})).toEqual([]);
		expect(codes({ packages: 0 })).toEqual([]);
		expect(codes({ packages: 5, destinationKind: 'hospital' })).toEqual([['packages', 'households_only']]);
		expect(codes({ packages: -1 })).toEqual([['packages', 'negative']]);
		expect(codes({ packages: 2.5 })).toEqual([['packages', 'not_integer']]);
		expect(codes({ packages: 10_000_001 })).toEqual([['packages', 'too_large']]);
	});
});

describe('the wall’s welfare rows', () => {
	it('a row made yesterday shows nothing for today, its cumulative figures stand', () => {
		const w = welfareOf([day('kim-ma', '2026-11-22', { householdsSupported: 3 })], [aid('kim-ma', 'kim-ma', '2026-11-22', 4)], ['kim-ma'], now).wards[0]!;
		const tomorrow = new Date('2026-11-22T17:01:00.000Z'); // 00:01 on the 23rd
		const rolled = rollWelfare(w, tomorrow);
		expect(rolled.today).toMatchObject({ householdsSupported: 0, aidPackages: 0 });
		expect(rolled.total).toMatchObject({ householdsSupported: 3, aidPackages: 4 });
		expect(rolled.warehouses[0]).toMatchObject({ today: 0, total: 4 });
		expect(rollWelfare(w, now)).toBe(w);
		expect(welfareAt([w], tomorrow).district.today.householdsSupported).toBe(0);
	});

	it('an event replaces the ward’s row (a replay is exact); a new row is added', () => {
		const a = welfareOf([day('kim-ma', '2026-11-22', { peopleSupported: 1 })], [], ['kim-ma'], now).wards[0]!;
		const b = welfareOf([day('kim-ma', '2026-11-22', { peopleSupported: 5 })], [], ['kim-ma'], now).wards[0]!;
		const once = replaceWardWelfare([a], b);
		expect(replaceWardWelfare(once, b)).toEqual(once);
		expect(districtOf(once).total.peopleSupported).toBe(5);
		const c = welfareOf([day('doi-can', '2026-11-22', { peopleSupported: 2 })], [], ['doi-can'], now).wards[0]!;
		expect(districtOf(replaceWardWelfare(once, c)).total.peopleSupported).toBe(7);
	});
});

describe('the welfare report contract', () => {
	const refusal = (body: unknown) => {
		const r = parseWelfareReport(body);
		return r.ok ? null : r.errors.map((e) => [e.field, e.code]);
	};
	it('every figure is optional, at least one is given', () => {
		expect(parseWelfareReport({ cashPending: 0 })).toEqual({ ok: true, value: { cashPending: 0 } });
		expect(refusal({})).toEqual([['', 'nothing_reported']]);
		expect(refusal({ enteredAt: '2026-11-22T04:00:00.000Z' })).toEqual([['', 'nothing_reported']]);
	});
	it('names the field: negative, not whole, too large, not a number, unknown', () => {
		expect(refusal({ householdsSupported: -1 })).toEqual([['householdsSupported', 'negative']]);
		expect(refusal({ peopleSupported: 2.5 })).toEqual([['peopleSupported', 'not_integer']]);
		expect(refusal({ aidPackages: 10_000_001 })).toEqual([['aidPackages', 'too_large']]);
		expect(refusal({ cashPaid: '3' })).toEqual([['cashPaid', 'not_number']]);
		expect(refusal({ shelterTakenIn: 1, donations: 4 })).toEqual([['donations', 'unknown_field']]);
		expect(refusal([])).toEqual([['', 'invalid_body']]);
	});
});
