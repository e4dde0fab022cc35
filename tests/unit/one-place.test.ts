/**
 * Issue 11 §8: one rule, one place. Each shared rule or label is defined once; these tests pin the
 * places that used to hold a second copy to the one definition, so a change in one shows in all.
 */
import { describe, expect, it } from 'vitest';
import { daysOfSupply, shownDaysOfSupply, SUPPLY_WINDOW_DAYS } from '../../src/lib/domain/stock.ts';
import { summarizeStock } from '../../src/lib/domain/stock-summary.ts';
import { keyOfPrincipal, principalKey, type Principal } from '../../src/lib/domain/access.ts';
import { bearerToken } from '../../src/lib/server/services/auth.ts';
import { messages } from '../../src/lib/i18n/messages.ts';
import { CASE_FIELD_LABELS } from '../../src/lib/i18n/fields.ts';
import { DISTRICT_FIGURE_LABELS } from '../../src/lib/i18n/report.ts';
import { DISTRICT_SERIES } from '../../src/lib/presentation/report-format.ts';
import { FORCE_LABELS } from '../../src/lib/i18n/labels.ts';
import { ZONE_SCHEMES } from '../../src/lib/domain/zones.ts';
import type { StockLevel } from '../../src/lib/contracts/live.ts';

describe('days of supply', () => {
	it('is on hand over the last 7 days’ daily issue rate, shown to one decimal, unknown without issues', () => {
		expect(SUPPLY_WINDOW_DAYS).toBe(7);
		expect(daysOfSupply(100, 70)).toBe(10);
		expect(shownDaysOfSupply(100, 30)).toBe(23.3);
		expect(shownDaysOfSupply(100, 0)).toBeNull();
	});
	it('the wall’s district summary uses the same rule over the summed warehouses', () => {
		const level = (warehouseCode: string, onHand: number, issuedLast7Days: number): StockLevel => ({
			warehouseCode,
			warehouseName: warehouseCode,
			wardCode: null,
			itemCode: 'gao',
			itemName: 'Gạo',
			unit: 'kg',
			minDays: 7,
			onHand,
			issuedLast7Days,
			daysOfSupply: shownDaysOfSupply(onHand, issuedLast7Days),
			belowMinimum: false
		});
		const [gao] = summarizeStock([level('a', 100, 20), level('b', 50, 10)]);
		expect(gao!.daysOfSupply).toBe(shownDaysOfSupply(150, 30));
	});
});

describe('principal keys and bearer tokens', () => {
	it('a principal’s key is the key revocation builds from its kind and id', () => {
		const u: Principal = { kind: 'user', id: 'u1', username: 'a', name: 'A', role: 'viewer', wardCode: null };
		expect(principalKey(u)).toBe(keyOfPrincipal('user', 'u1'));
		expect(principalKey({ kind: 'kiosk', id: 'k1', name: 'TV' })).toBe(keyOfPrincipal('kiosk', 'k1'));
	});
	it('one parser for Authorization: Bearer, case-insensitive, one token, nothing else', () => {
		expect(bearerToken('Bearer abc.def')).toBe('abc.def');
		expect(bearerToken('bearer   xyz')).toBe('xyz');
		expect(bearerToken('Basic abc')).toBeNull();
		expect(bearerToken('Bearer a b')).toBeNull();
		expect(bearerToken(null)).toBeNull();
	});
});

describe('labels', () => {
	it('the report’s and the history’s case labels are the case fields’ labels', () => {
		expect(DISTRICT_FIGURE_LABELS.f0Active.vi).toBe(CASE_FIELD_LABELS.f0Active.vi);
		expect(messages.vi.f0Active).toBe(CASE_FIELD_LABELS.f0Active.vi);
		expect(messages.vi.report.colF1Traced).toBe(CASE_FIELD_LABELS.f1Traced.vi);
		for (const s of DISTRICT_SERIES) expect(Object.values(DISTRICT_FIGURE_LABELS)).toContainEqual(s.label);
	});
	it('zone names follow the scheme: the three-level scheme’s middle colour is vùng da cam', () => {
		expect(messages.vi.zones.three.orange).toBe('Vùng da cam');
		expect(messages.vi.zonesShort.three.orange).toBe('Da cam');
		expect(messages.vi.zones.four.orange).toBe('Vùng cam');
		for (const [scheme, levels] of Object.entries(ZONE_SCHEMES))
			for (const l of levels) {
				expect(messages.vi.zones[scheme as 'three'][l], `${scheme}.${l}`).toBeTruthy();
				expect(messages.en.zonesShort[scheme as 'three'][l], `${scheme}.${l}`).toBeTruthy();
			}
	});
	it('Tổ COVID cộng đồng is a proper name', () => {
		expect(FORCE_LABELS.covid_team.vi).toBe('Tổ COVID cộng đồng');
	});
});
