/**
 * The command post's directory (issue 14 §6): whom to call, built from what is already stored —
 * the accounts (the district's leadership, each ward's commander, with the phone the admin gave),
 * the duty roster (who leads the running shift), the registry (quarantine facilities, warehouses)
 * and the hotlines of the district file. Read-only; anyone who reads the live picture may read it
 * (a ward must know whom to call at the district and in the next ward).
 */
import { readScope, type Principal } from '../../domain/access.ts';
import { DISTRICT_UNIT, dutyAt, type UnitOnDuty } from '../../domain/duty.ts';
import type { Shift } from '../../domain/checkpoint.ts';
import type { FacilityStatus } from '../../domain/quarantine.ts';
import { ForbiddenError } from '../errors.ts';
import type { AccountService } from './accounts.ts';
import type { District } from './district.ts';
import type { DutyService } from './duty.ts';
import type { QuarantineService } from './quarantine.ts';
import type { StockService } from './stock.ts';

interface Contact {
	name: string;
	role: 'district_commander' | 'ward_commander';
	phone: string | null;
}

interface DirectoryUnit extends UnitOnDuty {
	commanders: Contact[];
}

export interface Directory {
	at: string;
	/** The running shift the "on duty" columns are of. */
	shift: Shift;
	district: DirectoryUnit;
	wards: DirectoryUnit[];
	/** Each with the unit that runs it: its ward's (or the district's) hotline and who leads that unit's shift. */
	facilities: Array<{ code: string; name: string; kind: string; address: string | null; status: FacilityStatus; unit: string }>;
	warehouses: Array<{ code: string; name: string; unit: string }>;
}

const SYSTEM: Principal = { kind: 'system', name: 'Danh bạ' };

export function createDirectoryService(deps: {
	district: District;
	accounts: AccountService;
	duty: DutyService;
	quarantine: QuarantineService;
	stock: StockService;
	clock: () => Date;
}) {
	const { district, accounts, duty, quarantine, stock, clock } = deps;
	return {
		async get(reader: Principal): Promise<Directory> {
			if (!readScope(reader)) throw new ForbiddenError('ward:read');
			const now = clock();
			const units = [
				{ unit: DISTRICT_UNIT, name: district.view.name, hotline: district.view.hotline ?? null },
				...district.wards.map((w) => ({ unit: w.code, name: `Phường ${w.name}`, hotline: w.hotline }))
			];
			// The whole roster: contacts are not a ward's figures (read as the district, by the directory).
			const roster = await duty.picture(SYSTEM, null, undefined, now);
			const onDuty = dutyAt(units, roster.shifts, now);
			const people = await accounts.contacts();
			const commandersOf = (unit: string) =>
				people
					.filter((p) => (unit === DISTRICT_UNIT ? p.role === 'district_commander' : p.role === 'ward_commander' && p.wardCode === unit))
					.map((p) => ({ name: p.name, role: p.role as Contact['role'], phone: p.phone }));
			const [first, ...rest] = onDuty.units.map((u) => ({ ...u, commanders: commandersOf(u.unit) }));
			return {
				at: now.toISOString(),
				shift: onDuty.shift,
				district: first!,
				wards: rest,
				facilities: (await quarantine.list(SYSTEM, null))
					.filter((f) => f.status !== 'closed')
					.map((f) => ({ code: f.code, name: f.name, kind: f.kind, address: f.address, status: f.status, unit: f.wardCode ?? DISTRICT_UNIT })),
				warehouses: (await stock.warehousesFor(SYSTEM, undefined)).map((w) => ({ code: w.code, name: w.name, unit: w.wardCode ?? DISTRICT_UNIT }))
			};
		}
	};
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
