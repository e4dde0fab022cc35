/**
 * The services, composed once per process with explicit dependencies ({ db, bus, … }).
 * Routes, socket handlers, the simulator and tests all go through these — never the tables.
 */
import type { DistrictDefinition } from '../../contracts/district.ts';
import type { Database } from '../db/client.ts';
import type { EventBus } from '../realtime/bus.ts';
import { Inflight } from '../inflight.ts';
import { createCaseService, type CaseService } from './cases.ts';
import { loadDistrict, syncDistrict, type District } from './district.ts';
import { createLiveService, type LiveService } from './live.ts';

export interface Services {
	database: Database;
	district: District;
	cases: CaseService;
	live: LiveService;
	inflight: Inflight;
}

export async function createServices(deps: {
	database: Database;
	bus: EventBus;
	definition: DistrictDefinition;
}): Promise<Services> {
	const { database, bus, definition } = deps;
	const db = database.db;
	await syncDistrict(db, definition);
	const district = await loadDistrict(db);
	const inflight = new Inflight();
	const cases = createCaseService({ db, bus, district, inflight });
	const live = createLiveService({ db, district, cases });
	return { database, district, cases, live, inflight };
}
