import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { districtDefinition } from '../../src/lib/contracts/district.ts';
import { ConfigError, loadConfig } from '../../server/config.ts';

const root = path.resolve(import.meta.dirname, '../..');
const load = (f: string) => JSON.parse(readFileSync(path.join(root, 'server/district', f), 'utf8'));

describe('district definition files', () => {
	it('Ba Đình has the 14 wards of the directive, three-level zones', () => {
		const d = districtDefinition.parse(load('ba-dinh.json'));
		expect(d.wards).toHaveLength(14);
		expect(d.wards.map((w) => w.name)).toContain('Nguyễn Trung Trực');
		expect(d.zoneScheme).toBe('three');
	});

	it('Hà Đông has 17 wards and the four-level scheme: data, not code', () => {
		const d = districtDefinition.parse(load('ha-dong.json'));
		expect(d.wards).toHaveLength(17);
		expect(d.zoneScheme).toBe('four');
	});

	it("alert thresholds default to 85 % / 95 % and are the operator's to set", () => {
		const base = load('ba-dinh.json');
		expect(districtDefinition.parse(base).alerts).toEqual({ occupancyWarn: 0.85, occupancyCritical: 0.95 });
		expect(districtDefinition.parse({ ...base, alerts: { occupancyWarn: 0.8, occupancyCritical: 0.9 } }).alerts.occupancyWarn).toBe(0.8);
		expect(districtDefinition.safeParse({ ...base, alerts: { occupancyWarn: 0.96, occupancyCritical: 0.9 } }).success).toBe(false);
	});

	it('issue 13: a blockade round every 1–30 days and F1 waiting 1–14 days are the operator’s to set; anything else refuses the file', () => {
		const base = load('ba-dinh.json');
		const alerts = (a: Record<string, unknown>) => ({ ...base, alerts: { occupancyWarn: 0.85, occupancyCritical: 0.95, ...a } });
		expect(districtDefinition.parse(alerts({ blockadeRoundDays: 5, f1WaitingDays: 2 })).alerts).toMatchObject({ blockadeRoundDays: 5, f1WaitingDays: 2 });
		for (const bad of [0, 31, 2.5, '3', null])
			expect(districtDefinition.safeParse(alerts({ blockadeRoundDays: bad })).success, `blockadeRoundDays ${bad}`).toBe(false);
		for (const bad of [0, 15, 1.5, '1', null]) expect(districtDefinition.safeParse(alerts({ f1WaitingDays: bad })).success, `f1WaitingDays ${bad}`).toBe(false);
		expect(districtDefinition.safeParse(alerts({ f1WaitingHours: 12 })).success).toBe(false);
	});

	it('issue 13: vaccination defaults to 2 doses a course and a 90 % goal; populations and doses before are whole numbers ≥ 0', () => {
		const base = load('ba-dinh.json');
		expect(districtDefinition.parse(base).vaccination).toEqual({ courseDoses: 2, goal: 0.9 });
		expect(districtDefinition.parse({ ...base, vaccination: { courseDoses: 1 } }).vaccination).toEqual({ courseDoses: 1, goal: 0.9 });
		for (const bad of [{ courseDoses: 0 }, { courseDoses: 6 }, { goal: 1.5 }, { goal: 0 }, { target: 0.9 }])
			expect(districtDefinition.safeParse({ ...base, vaccination: bad }).success, JSON.stringify(bad)).toBe(false);
		const ward = (w: Record<string, unknown>) => ({ ...base, wards: [{ code: 'kim-ma', name: 'Kim Mã', ...w }] });
		expect(districtDefinition.parse(ward({ population: 14_000, dosesBefore: 20_000 })).wards[0]).toMatchObject({ population: 14_000, dosesBefore: 20_000 });
		for (const bad of [{ population: -1 }, { population: 1.5 }, { dosesBefore: -1 }, { dosesBefore: '10' }])
			expect(districtDefinition.safeParse(ward(bad)).success, JSON.stringify(bad)).toBe(false);
		// Every Ba Đình ward has a population (coverage is measured against it).
		expect(districtDefinition.parse(base).wards.every((w) => (w.population ?? 0) > 0)).toBe(true);
	});

	it('the report grace defaults to 30 minutes; the old reportingIntervalMinutes is still accepted, never required', () => {
		const base = load('ba-dinh.json');
		expect(base.reportGraceMinutes).toBe(30);
		const { reportGraceMinutes: _, ...old } = base;
		expect(districtDefinition.parse(old).reportGraceMinutes).toBe(30);
		expect(districtDefinition.parse({ ...base, reportGraceMinutes: 0 }).reportGraceMinutes).toBe(0);
		expect(districtDefinition.safeParse({ ...base, reportGraceMinutes: -5 }).success).toBe(false);
		expect(districtDefinition.safeParse({ ...base, reportGraceMinutes: 12.5 }).success).toBe(false);
		// A district file written before issue 11 §7, with the interval district-wide and per ward.
		const before = { ...old, reportingIntervalMinutes: 360, wards: [{ ...base.wards[0], reportingIntervalMinutes: 120 }] };
		const d = districtDefinition.parse(before);
		expect([d.reportGraceMinutes, d.reportingIntervalMinutes]).toEqual([30, 360]);
	});

	it('refuses duplicate ward codes, bad codes and unknown schemes', () => {
		const base = load('ba-dinh.json');
		const dup = { ...base, wards: [...base.wards, base.wards[0]] };
		expect(districtDefinition.safeParse(dup).success).toBe(false);
		expect(districtDefinition.safeParse({ ...base, wards: [{ code: 'Kim Mã', name: 'x' }] }).success).toBe(false);
		expect(districtDefinition.safeParse({ ...base, zoneScheme: 'five' }).success).toBe(false);
	});
});

describe('loadConfig', () => {
	it('has working defaults: PGlite under ./data, port 3000', () => {
		const c = loadConfig({});
		expect(c.port).toBe(3000);
		expect(c.databaseUrl).toBeNull();
		expect(c.dataDir).toBe(path.resolve('./data'));
		expect(c.districtFile.endsWith(path.join('server', 'district', 'ba-dinh.json'))).toBe(true);
	});

	it('treats an empty DATABASE_URL as unset', () => {
		expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeNull();
	});

	it('names the variable at fault', () => {
		expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
		expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL is not a postgres:\/\/ URL/);
		expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
		expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
	});

	it('caps a board at BOARD_MAX_BYTES, 8 MiB by default', () => {
		expect(loadConfig({}).boardMaxBytes).toBe(8 * 1024 * 1024);
		expect(loadConfig({ BOARD_MAX_BYTES: '65536' }).boardMaxBytes).toBe(65536);
		expect(() => loadConfig({ BOARD_MAX_BYTES: 'lots' })).toThrow(/BOARD_MAX_BYTES must be a number of bytes/);
		expect(() => loadConfig({ BOARD_MAX_BYTES: '100' })).toThrow(/BOARD_MAX_BYTES must be at least 1024 bytes/);
	});
});
