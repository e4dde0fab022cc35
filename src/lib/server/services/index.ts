/**
 * The services, composed once per process with explicit dependencies ({ db, bus, clock, … }).
 * Routes, socket handlers, the simulator and tests all go through these — never the tables.
 */
import type { DistrictDefinition } from '../../contracts/district.ts';
import type { Database } from '../db/client.ts';
import type { EventBus } from '../realtime/bus.ts';
import { createSignInThrottle, DEFAULT_THROTTLE, type ThrottleOptions } from '../auth/throttle.ts';
import { Inflight } from '../inflight.ts';
import { createAccountService, type AccountService, type SessionPolicy } from './accounts.ts';
import { listAudit, type AuditEntry, type AuditFilter } from './audit.ts';
import { createAuthService, type AuthService } from './auth.ts';
import { createCaseService, type CaseService } from './cases.ts';
import { loadDistrict, syncDistrict, type District } from './district.ts';
import { createLiveService, type LiveService } from './live.ts';
import { createTokenService, type TokenService } from './tokens.ts';
import { createQuarantineService, type QuarantineService } from './quarantine.ts';
import type { FacilitiesFile } from '../../contracts/quarantine.ts';
import type { StockFile } from '../../contracts/stock.ts';
import { createStockService, type StockService } from './stock.ts';
import { createCheckpointService, type CheckpointService } from './checkpoints.ts';
import type { CheckpointsFile } from '../../contracts/checkpoints.ts';
import { createWallLayoutService, type WallLayoutService } from './wall-layouts.ts';
import { createBoardService, type BoardService } from './boards.ts';
import { createReportService, type ReportService } from './reports.ts';
import { createBlockadeService, type BlockadeService } from './blockades.ts';
import { createZoneService, type ZoneService } from './zones.ts';
import { createProgressService, type ProgressService } from './progress.ts';
import { createWelfareService, type WelfareService } from './welfare.ts';
import { createInspectionService, type InspectionService } from './inspections.ts';
import { createReadinessService, type ReadinessService } from './readiness.ts';
import { createDutyService, type DutyService } from './duty.ts';
import type { DutyFile } from '../../contracts/duty.ts';
import { createDirectoryService, type DirectoryService } from './directory.ts';
import { DEFAULT_REPORT_SLOTS } from '../../domain/schedule.ts';
import type { CollabLogger } from '../collab/types.ts';
import type { YjsPersistence } from '../collab/persistence.ts';
import { can, type Principal } from '../../domain/access.ts';
import { ForbiddenError } from '../errors.ts';

export interface Services {
	database: Database;
	district: District;
	cases: CaseService;
	quarantine: QuarantineService;
	stock: StockService;
	checkpoints: CheckpointService;
	blockades: BlockadeService;
	zones: ZoneService;
	progress: ProgressService;
	duty: DutyService;
	directory: DirectoryService;
	welfare: WelfareService;
	boards: BoardService;
	inspections: InspectionService;
	readiness: ReadinessService;
	reports: ReportService;
	wallLayouts: WallLayoutService;
	live: LiveService;
	accounts: AccountService;
	tokens: TokenService;
	auth: AuthService;
	audit: { list(actor: Principal, filter: AuditFilter): Promise<AuditEntry[]> };
	inflight: Inflight;
	clock: () => Date;
}

const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 8 * 60, maxHours: 16 };

export async function createServices(deps: {
	database: Database;
	bus: EventBus;
	definition: DistrictDefinition;
	/** The district's companion data files (facilities…), when present. */
	data?: { quarantine?: FacilitiesFile; stock?: StockFile; checkpoints?: CheckpointsFile; duty?: DutyFile };
	sessionPolicy?: SessionPolicy;
	throttle?: ThrottleOptions;
	clock?: () => Date;
	logger?: CollabLogger;
	/**
	 * The Yjs storage of the board documents, built in the composition root (server/core.ts) and
	 * also handed to the /yjs endpoint. Default: one of the boards service's own.
	 */
	collabStorage?: YjsPersistence;
	/** Situation report slots (REPORT_SLOTS); default 06:00, 12:00, 18:00. */
	reportSlots?: string[];
}): Promise<Services> {
	const { database, bus, definition } = deps;
	const clock = deps.clock ?? (() => new Date());
	const db = database.db;
	await syncDistrict(db, definition);
	const reportSlots = deps.reportSlots ?? [...DEFAULT_REPORT_SLOTS];
	const district = await loadDistrict(db, {
		alerts: definition.alerts,
		reportSlots,
		reportGraceMinutes: definition.reportGraceMinutes,
		vaccination: definition.vaccination,
		hotline: definition.hotline
	});
	const inflight = new Inflight();
	const cases = createCaseService({ clock, db, bus, district, inflight });
	const quarantine = createQuarantineService({ db, bus, district, inflight, clock });
	if (deps.data?.quarantine) await quarantine.sync(deps.data.quarantine);
	const stock = createStockService({ db, bus, district, inflight, clock });
	if (deps.data?.stock) await stock.sync(deps.data.stock);
	const checkpoints = createCheckpointService({ db, bus, district, inflight, clock });
	if (deps.data?.checkpoints) await checkpoints.sync(deps.data.checkpoints);
	const blockades = createBlockadeService({ db, bus, district, inflight, clock });
	const zones = createZoneService({ db, district });
	const duty = createDutyService({ db, bus, district, inflight, clock, demo: deps.data?.duty });
	await duty.seedDemo();
	const progress = createProgressService({ db, district, cases, clock });
	const welfare = createWelfareService({ db, bus, district, inflight, clock });
	const boards = await createBoardService({ db, bus, inflight, district, clock, logger: deps.logger, storage: deps.collabStorage });
	const inspections = createInspectionService({ db, bus, inflight, district, boards, clock });
	const readiness = createReadinessService({ db, bus, inflight, boards, district, clock });
	const reports = createReportService({
		db,
		bus,
		district,
		cases,
		quarantine,
		stock,
		checkpoints,
		boards,
		blockades,
		zones,
		progress,
		welfare,
		inspections,
		duty,
		inflight,
		clock,
		slots: reportSlots
	});
	const wallLayouts = createWallLayoutService({ db, bus, clock, inflight });
	const live = createLiveService({
		db,
		district,
		cases,
		quarantine,
		stock,
		checkpoints,
		wallLayouts,
		boards,
		blockades,
		zones,
		progress,
		duty,
		welfare,
		clock
	});
	const accounts = createAccountService({
		db,
		bus,
		district,
		throttle: createSignInThrottle(deps.throttle ?? DEFAULT_THROTTLE),
		policy: deps.sessionPolicy ?? DEFAULT_SESSION_POLICY,
		inflight,
		clock
	});
	const directory = createDirectoryService({ district, accounts, duty, quarantine, stock, clock });
	const tokens = createTokenService({ db, bus, district, inflight, clock });
	const auth = createAuthService({ accounts, tokens });
	const audit = {
		async list(actor: Principal, filter: AuditFilter) {
			if (!can(actor, 'audit:read')) throw new ForbiddenError('audit:read');
			return listAudit(db, filter);
		}
	};
	return {
		database,
		district,
		cases,
		quarantine,
		stock,
		checkpoints,
		blockades,
		zones,
		progress,
		duty,
		directory,
		welfare,
		boards,
		inspections,
		readiness,
		reports,
		wallLayouts,
		live,
		accounts,
		tokens,
		auth,
		audit,
		inflight,
		clock
	};
}
