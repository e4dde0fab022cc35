/** The wards' zone strips as /reports/history shows them (issue 13 §2): widths and the words for each segment. */
import { describe, expect, it } from 'vitest';
import { zoneStripRows } from '../../src/lib/presentation/zone-strip.ts';
import { messages } from '../../src/lib/i18n/messages.ts';
import type { ZoneChange } from '../../src/lib/domain/zones.ts';

const local = (t: string) => new Date(`${t}+07:00`);
const change = (key: string, to: string, at: string): ZoneChange => ({ subject: 'ward', key, wardCode: key, from: null, to, at: local(at).toISOString() });
const wards = [
	{ code: 'phuc-xa', name: 'Phúc Xá' },
	{ code: 'kim-ma', name: 'Kim Mã' }
];

describe('the zone strips', () => {
	const range = { from: local('2021-08-28T00:00:00'), to: local('2021-09-04T00:00:00') };

	it("keeps the wards' order, says each segment's zone and times (dd/MM HH:mm, Hà Nội), and fills the width", () => {
		const changes = new Map([['kim-ma', [change('kim-ma', 'red', '2021-08-28T14:00:00'), change('kim-ma', 'orange', '2021-09-03T09:30:00')]]]);
		const rows = zoneStripRows(wards, changes, range, 'three', messages.vi);
		expect(rows.map((r) => r.name)).toEqual(['Phúc Xá', 'Kim Mã']);
		expect(rows[0]!.segments.map((s) => [s.zone, s.label, s.share])).toEqual([[null, 'Chưa có số liệu 28/08 00:00 – 04/09 00:00', 100]]);
		expect(rows[1]!.segments.map((s) => s.label)).toEqual([
			'Chưa có số liệu 28/08 00:00 – 28/08 14:00',
			'Đỏ 28/08 14:00 – 03/09 09:30',
			'Da cam 03/09 09:30 – 04/09 00:00'
		]);
		expect(rows[1]!.segments.reduce((n, s) => n + s.share, 0)).toBeCloseTo(100, 9);
		expect(rows[1]!.segments[0]!.share).toBeCloseTo((14 / (7 * 24)) * 100, 9);
	});

	it("names the zones by the district's scheme and language; a range across a new year writes the year", () => {
		const changes = new Map([['kim-ma', [change('kim-ma', 'yellow', '2021-12-20T08:00:00')]]]);
		const rows = zoneStripRows(wards, changes, { from: local('2021-12-30T00:00:00'), to: local('2022-01-02T00:00:00') }, 'four', messages.en);
		expect(rows[1]!.segments.map((s) => s.label)).toEqual(['Yellow 30/12/2021 00:00 – 02/01/2022 00:00']);
	});
});
