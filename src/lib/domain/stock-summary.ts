/** The wall's stock picture: per item, the district's total, the district warehouse's days of supply, and shortages. */
import type { StockLevel } from './live.ts';
import { shownDaysOfSupply } from './stock.ts';

export interface ItemSummary {
	itemCode: string;
	itemName: string;
	unit: string;
	minDays: number;
	/** On hand across every warehouse the reader sees. */
	onHand: number;
	/** Days of supply across those warehouses at their combined issue rate (null: no recent issues). */
	daysOfSupply: number | null;
	/** Warehouses where this item is under its minimum. */
	shortWarehouses: string[];
}

export function summarizeStock(levels: readonly StockLevel[]): ItemSummary[] {
	const by = new Map<string, ItemSummary & { issued: number }>();
	for (const l of levels) {
		const s = by.get(l.itemCode) ?? {
			itemCode: l.itemCode,
			itemName: l.itemName,
			unit: l.unit,
			minDays: l.minDays,
			onHand: 0,
			daysOfSupply: null,
			shortWarehouses: [],
			issued: 0
		};
		s.onHand += l.onHand;
		s.issued += l.issuedLast7Days;
		if (l.belowMinimum) s.shortWarehouses.push(l.warehouseName);
		by.set(l.itemCode, s);
	}
	return [...by.values()].map(({ issued, ...s }) => ({ ...s, daysOfSupply: shownDaysOfSupply(s.onHand, issued) }));
}
