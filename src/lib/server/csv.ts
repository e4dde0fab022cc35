/**
 * Every CSV export answers through here: one csv-stringify set-up whose `cast` neutralises
 * formula-like text (lib/domain/csv.ts), UTF-8 with a BOM so spreadsheet programs keep the
 * Vietnamese text intact, and a download file name.
 */
import { stringify } from 'csv-stringify/sync';
import { neutralizeCsvText } from '../domain/csv.ts';

export type CsvCell = string | number | null | undefined;

/** The CSV text (no BOM) of `rows`, headers first when given; every text cell neutralised. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<CsvCell>>, header?: readonly string[]): string {
	return stringify(header ? [[...header], ...rows.map((r) => [...r])] : rows.map((r) => [...r]), {
		eof: true,
		cast: { string: (value) => neutralizeCsvText(value) }
	});
}

/** A CSV download. */
export function csvResponse(rows: ReadonlyArray<ReadonlyArray<CsvCell>>, filename: string, header?: readonly string[]): Response {
	return new Response('\uFEFF' + toCsv(rows, header), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename}"`
		}
	});
}
