import { describe, expect, it } from 'vitest';
import { belowMinimum, daysOfSupply, MAX_ON_HAND, putIn, takeOut } from '../../src/lib/domain/stock.ts';

describe('stock never goes negative', () => {
	it('takes out up to what is on hand and refuses more, naming what is available', () => {
		expect(takeOut(10, 10)).toEqual({ ok: true, onHand: 0 });
		expect(takeOut(10, 11)).toEqual({ ok: false, available: 10 });
		expect(takeOut(0, 1)).toEqual({ ok: false, available: 0 });
	});
});

describe('a balance fits its column', () => {
	it('puts in up to 2^31 − 1 on hand and refuses more, naming the room left', () => {
		expect(MAX_ON_HAND).toBe(2_147_483_647);
		expect(putIn(10, 5)).toEqual({ ok: true, onHand: 15 });
		expect(putIn(MAX_ON_HAND - 5, 5)).toEqual({ ok: true, onHand: MAX_ON_HAND });
		expect(putIn(MAX_ON_HAND - 5, 6)).toEqual({ ok: false, room: 5 });
	});
});

describe('days of supply at the recent issue rate', () => {
	it('on hand / (issued in 7 days / 7)', () => {
		expect(daysOfSupply(700, 70)).toBe(70);
		expect(daysOfSupply(100, 700)).toBe(1);
		expect(daysOfSupply(0, 70)).toBe(0);
	});
	it('unknown (null) when nothing was issued recently — not infinite', () => {
		expect(daysOfSupply(500, 0)).toBeNull();
	});
	it("below minimum when fewer days than the item's minimum, or nothing at all", () => {
		expect(belowMinimum(100, 2.5, 3)).toBe(true);
		expect(belowMinimum(100, 3, 3)).toBe(false);
		expect(belowMinimum(100, null, 3)).toBe(false);
		expect(belowMinimum(0, null, 3)).toBe(true);
	});
});

import { summarizeStock } from '../../src/lib/domain/stock-summary.ts';

describe('summarizeStock (the wall)', () => {
	const l = (warehouseCode: string, onHand: number, issued: number, below: boolean) => ({
		warehouseCode,
		warehouseName: `Kho ${warehouseCode}`,
		wardCode: null,
		itemCode: 'gao',
		itemName: 'Gạo',
		unit: 'kg',
		minDays: 7,
		onHand,
		issuedLast7Days: issued,
		daysOfSupply: null,
		belowMinimum: below
	});
	it('adds warehouses up, days of supply at the combined rate, lists the short ones', () => {
		expect(summarizeStock([l('a', 700, 70, false), l('b', 70, 70, true)])).toEqual([
			{ itemCode: 'gao', itemName: 'Gạo', unit: 'kg', minDays: 7, onHand: 770, daysOfSupply: 38.5, shortWarehouses: ['Kho b'] }
		]);
	});
	it('no recent issues: days of supply unknown', () => {
		expect(summarizeStock([l('a', 700, 0, false)])[0]?.daysOfSupply).toBeNull();
	});
});
