/**
 * The database schema (drizzle). One schema for PGlite and PostgreSQL; migrations are generated
 * from this file by drizzle-kit into drizzle/ and never hand-edited.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** The one district this deployment serves (a singleton row, id = 1). */
export const districts = pgTable(
	'districts',
	{
		id: integer('id').primaryKey().default(1),
		code: text('code').notNull(),
		name: text('name').notNull(),
		zoneScheme: text('zone_scheme').notNull(),
		reportingIntervalMinutes: integer('reporting_interval_minutes').notNull(),
		/** Optional district target of quarantine beds (issue 11 §3): the wall shows "x / target". */
		quarantineBedTarget: integer('quarantine_bed_target'),
		updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
	},
	(t) => [check('districts_singleton', sql`${t.id} = 1`)]
);

export const wards = pgTable('wards', {
	code: text('code').primaryKey(),
	name: text('name').notNull(),
	position: integer('position').notNull(),
	reportingIntervalMinutes: integer('reporting_interval_minutes').notNull(),
	hotline: text('hotline'),
	population: integer('population'),
	/** Vaccine doses given before the product counted them (the district file's `dosesBefore`): coverage starts from it. */
	dosesBefore: integer('doses_before').notNull().default(0),
	/** False when the ward left the definition file: kept for its history, hidden from the wall. */
	active: boolean('active').notNull().default(true),
	createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
});

/** Every case report ever sent: history is append-only, the latest per ward is what the wall shows. */
export const caseReports = pgTable(
	'case_reports',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		wardCode: text('ward_code')
			.notNull()
			.references(() => wards.code),
		f0NewCommunity: integer('f0_new_community').notNull(),
		f0NewQuarantine: integer('f0_new_quarantine').notNull(),
		f0Active: integer('f0_active').notNull(),
		f1Traced: integer('f1_traced').notNull(),
		f1Quarantined: integer('f1_quarantined').notNull(),
		f2: integer('f2').notNull(),
		samplesTested: integer('samples_tested').notNull(),
		positives: integer('positives').notNull(),
		vaccineDoses: integer('vaccine_doses').notNull(),
		zone: text('zone').notNull(),
		note: text('note'),
		reportedBy: text('reported_by').notNull(),
		/** The authenticated actor behind the report (user, api token or system) — see audit_log. */
		actorKind: text('actor_kind').notNull().default('system'),
		actorId: text('actor_id'),
		/** Which door the report came through: form, api or system (simulator, imports). */
		source: text('source').notNull(),
		reportedAt: timestamp('reported_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		/** When the report was made on the device (issue 11 §6); null on rows from before: = reported_at. */
		enteredAt: timestamp('entered_at', { withTimezone: true, mode: 'date' })
	},
	(t) => [
		index('case_reports_ward_time').on(t.wardCode, t.reportedAt.desc(), t.id.desc()),
		check('case_reports_positives', sql`${t.positives} <= ${t.samplesTested}`),
		check(
			'case_reports_non_negative',
			sql`least(${t.f0NewCommunity}, ${t.f0NewQuarantine}, ${t.f0Active}, ${t.f1Traced}, ${t.f1Quarantined}, ${t.f2}, ${t.samplesTested}, ${t.positives}, ${t.vaccineDoses}) >= 0`
		)
	]
);

/**
 * The transactional outbox: one row per committed change, written in the change's transaction.
 * `seq` is the live protocol's sequence number; it survives restarts.
 */
export const events = pgTable(
	'events',
	{
		seq: bigserial('seq', { mode: 'number' }).primaryKey(),
		type: text('type').notNull(),
		wardCode: text('ward_code'),
		/**
		 * The previous event of the same ward: a reader limited to one ward detects a missed event
		 * by this, since the global seq has holes for it (other wards' events).
		 */
		wardPrevSeq: bigint('ward_prev_seq', { mode: 'number' }),
		payload: jsonb('payload').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
	},
	(t) => [index('events_created').on(t.createdAt), index('events_ward_seq').on(t.wardCode, t.seq)]
);

/** People. Ward roles carry their ward; passwords are argon2id hashes, never stored otherwise. */
export const users = pgTable(
	'users',
	{
		id: text('id').primaryKey(),
		/** Lower-case, unique; what people type to sign in. */
		username: text('username').notNull(),
		displayName: text('display_name').notNull(),
		passwordHash: text('password_hash').notNull(),
		role: text('role').notNull(),
		wardCode: text('ward_code').references(() => wards.code),
		disabled: boolean('disabled').notNull().default(false),
		/** Set for one-time passwords (first run, resets): the next sign-in must change it. */
		mustChangePassword: boolean('must_change_password').notNull().default(false),
		/** The person's phone, for the directory (issue 14 §6); optional. */
		phone: text('phone'),
		createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('users_username').on(t.username)]
);

/** Signed-in people. The cookie holds a random token; only its SHA-256 is stored. */
export const sessions = pgTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		/** Absolute expiry, whatever the activity. */
		expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull()
	},
	(t) => [index('sessions_user').on(t.userId)]
);

/** Wall displays (devices, not people): read-only, no timeout, revocable. Token stored hashed. */
export const kioskTokens = pgTable(
	'kiosk_tokens',
	{
		id: text('id').primaryKey(),
		name: text('name').notNull(),
		tokenHash: text('token_hash').notNull(),
		createdBy: text('created_by').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
		revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
		/**
		 * The saved wall layout this TV shows when its link carries no `?layout=` / `?views=`.
		 * null = the default playlist. A deleted layout leaves the TV on the default playlist.
		 */
		layoutSlug: text('layout_slug').references(() => wallLayouts.slug, { onDelete: 'set null' })
	},
	(t) => [uniqueIndex('kiosk_tokens_hash').on(t.tokenHash)]
);

/** Other systems (e.g. a laboratory): scoped to wards and to read or write. Token stored hashed. */
export const apiTokens = pgTable(
	'api_tokens',
	{
		id: text('id').primaryKey(),
		name: text('name').notNull(),
		tokenHash: text('token_hash').notNull(),
		access: text('access').notNull(),
		/** null = every ward. */
		wards: jsonb('wards').$type<string[] | null>(),
		createdBy: text('created_by').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
		revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' })
	},
	(t) => [uniqueIndex('api_tokens_hash').on(t.tokenHash)]
);

/** Every change: who, when, what, before and after — written in the change's own transaction. */
export const auditLog = pgTable(
	'audit_log',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		actorKind: text('actor_kind').notNull(),
		actorId: text('actor_id'),
		actorName: text('actor_name').notNull(),
		action: text('action').notNull(),
		entity: text('entity').notNull(),
		entityId: text('entity_id'),
		wardCode: text('ward_code'),
		before: jsonb('before'),
		after: jsonb('after')
	},
	(t) => [index('audit_at').on(t.at.desc()), index('audit_ward_at').on(t.wardCode, t.at.desc()), index('audit_actor_at').on(t.actorId, t.at.desc())]
);

/**
 * Entries from devices that retry (tablets offline): key → first outcome, written in the same
 * transaction as the change, so a retried entry returns the first answer instead of counting twice.
 */
export const idempotencyKeys = pgTable('idempotency_keys', {
	key: text('key').primaryKey(),
	/** Who sent it (principal key): a key is only ever reused by its own sender. */
	actorKey: text('actor_key').notNull(),
	/** What it did (e.g. "case_report.create"), so a key cannot be replayed on another operation. */
	operation: text('operation').notNull(),
	/**
	 * SHA-256 of the canonical request (operation, target, parsed body): a retry must carry the same
	 * payload, or it is refused rather than answered with the first outcome. Null on keys stored
	 * before this column existed (they keep the old rule: same sender and operation).
	 */
	requestHash: text('request_hash'),
	outcome: jsonb('outcome').notNull(),
	createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
});

// ── quarantine ──
/**
 * Concentrated quarantine facilities. `occupied` and `capacity` are kept current by movements in
 * the same transaction (the row is locked FOR UPDATE), and the database refuses anything outside
 * 0 ≤ occupied ≤ capacity as a last line of defence.
 */
export const quarantineFacilities = pgTable(
	'quarantine_facilities',
	{
		code: text('code').primaryKey(),
		name: text('name').notNull(),
		/** null: managed by the district, not by one ward. */
		wardCode: text('ward_code').references(() => wards.code),
		kind: text('kind').notNull(),
		address: text('address'),
		status: text('status').notNull(),
		capacity: integer('capacity').notNull(),
		occupied: integer('occupied').notNull().default(0),
		/** Demonstration figures are labelled as such wherever they show. */
		demo: boolean('demo').notNull().default(false),
		/** Retired at run time (issue 11 §3): kept with its history, out of every total; its code is never reused. */
		retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
		updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
	},
	(t) => [check('quarantine_beds_bounds', sql`${t.occupied} >= 0 and ${t.occupied} <= ${t.capacity}`)]
);

/** Every admission, discharge, capacity and status change: the facility's history. */
export const quarantineMovements = pgTable(
	'quarantine_movements',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		facilityCode: text('facility_code')
			.notNull()
			.references(() => quarantineFacilities.code),
		kind: text('kind').notNull(),
		/** People admitted/discharged, or the new capacity. Null for a status change. */
		amount: integer('amount'),
		status: text('status'),
		occupiedAfter: integer('occupied_after').notNull(),
		capacityAfter: integer('capacity_after').notNull(),
		note: text('note'),
		actorName: text('actor_name').notNull(),
		at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		/** When the movement was entered on the device (issue 11 §6); null = at. */
		enteredAt: timestamp('entered_at', { withTimezone: true, mode: 'date' }),
		/** Status changes: the decision's number (*số quyết định*) a conversion was made under. */
		decisionRef: text('decision_ref'),
		/** preparing → ready: the acceptance inspection (*nghiệm thu*): who, when, note. */
		acceptance: jsonb('acceptance').$type<{ inspectedBy: string; inspectedAt: string; note: string | null }>(),
		/** Admissions and discharges (issue 13 §4): who moved — 'f1' or 'f0' — and from which ward (null: not said). */
		personKind: text('person_kind'),
		originWardCode: text('origin_ward_code').references(() => wards.code)
	},
	(t) => [
		index('quarantine_movements_facility_at').on(t.facilityCode, t.at.desc()),
		// The F1 flow reads a window of days of the movements that name a ward, nothing older.
		index('quarantine_movements_origin_at')
			.on(t.at)
			.where(sql`${t.originWardCode} is not null`),
		check('quarantine_movements_person_kind', sql`${t.personKind} is null or ${t.personKind} in ('f1', 'f0')`)
	]
);

// ── stock ──
/** Stockpile warehouses: the district's (wardCode null) and one per ward. */
export const warehouses = pgTable('warehouses', {
	code: text('code').primaryKey(),
	name: text('name').notNull(),
	wardCode: text('ward_code').references(() => wards.code),
	/** Retired at run time (issue 11 §3): kept with its history, out of every total; its code is never reused. */
	retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' })
});

/** Essential goods, with a unit and a minimum in days of supply. */
export const stockItems = pgTable('stock_items', {
	code: text('code').primaryKey(),
	name: text('name').notNull(),
	unit: text('unit').notNull(),
	minDays: integer('min_days').notNull(),
	position: integer('position').notNull(),
	/** Retired at run time (issue 11 §3): kept with its history, out of every total; its code is never reused. */
	retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' })
});

/** Every receipt, issue and transfer leg: append-only; a transfer's two legs share transfer_id. */
export const stockMovements = pgTable(
	'stock_movements',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		warehouseCode: text('warehouse_code')
			.notNull()
			.references(() => warehouses.code),
		itemCode: text('item_code')
			.notNull()
			.references(() => stockItems.code),
		kind: text('kind').notNull(),
		/** Signed: + into the warehouse, − out of it. */
		quantity: integer('quantity').notNull(),
		transferId: text('transfer_id'),
		destinationKind: text('destination_kind'),
		/** Supplier, receiving site, or the other warehouse of a transfer. */
		counterparty: text('counterparty'),
		note: text('note'),
		actorName: text('actor_name').notNull(),
		at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		/** When the movement was entered on the device (issue 11 §6); null = at. */
		enteredAt: timestamp('entered_at', { withTimezone: true, mode: 'date' }),
		/**
		 * An issue to households: the ward whose households received it (issue 14 §2) — the one the
		 * issue named, else the issuing warehouse's ward; null: the district warehouse named none.
		 */
		destinationWardCode: text('destination_ward_code').references(() => wards.code),
		/**
		 * An issue to households: how many household aid packages it made up ("số suất quà"), what
		 * counts toward the ward's aid packages; null: none given (counts 0 — the quantity is the
		 * item's unit, kg or thùng, not packages).
		 */
		packages: integer('packages')
	},
	(t) => [
		index('stock_movements_wh_item_at').on(t.warehouseCode, t.itemCode, t.at),
		check('stock_movements_packages', sql`${t.packages} is null or (${t.packages} >= 0 and ${t.destinationKind} = 'households')`),
		// The welfare picture reads only the issues to households.
		index('stock_movements_households')
			.on(t.destinationWardCode)
			.where(sql`${t.destinationKind} = 'households'`)
	]
);

/**
 * On hand per warehouse and item: the running sum of stock_movements, maintained in the same
 * transaction as each movement (never typed in). The row is locked FOR UPDATE by every movement,
 * so concurrent issues are decided one after the other; the check refuses a negative balance.
 */
export const stockBalances = pgTable(
	'stock_balances',
	{
		warehouseCode: text('warehouse_code')
			.notNull()
			.references(() => warehouses.code),
		itemCode: text('item_code')
			.notNull()
			.references(() => stockItems.code),
		onHand: integer('on_hand').notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.warehouseCode, t.itemCode] }), check('stock_balances_non_negative', sql`${t.onHand} >= 0`)]
);

// ── checkpoints ──
/** Control checkpoints: one lead unit each, staff required per shift by force. */
export const checkpoints = pgTable(
	'checkpoints',
	{
		code: text('code').primaryKey(),
		name: text('name').notNull(),
		wardCode: text('ward_code')
			.notNull()
			.references(() => wards.code),
		kind: text('kind').notNull(),
		leadUnit: text('lead_unit').notNull(),
		/** Force → people required per shift. */
		required: jsonb('required').$type<Record<string, number>>().notNull(),
		demo: boolean('demo').notNull().default(false),
		/** Retired at run time (issue 11 §3): kept with its history, out of every total; its code is never reused. */
		retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
		/**
		 * The blockade a checkpoint inside a blockaded area names (issue 13 §1), of its own ward (the
		 * service's check); kept when the blockade is lifted, as the checkpoint's history.
		 */
		blockadeId: bigint('blockade_id', { mode: 'number' }).references(() => blockades.id)
	},
	// Only a checkpoint inside a blockaded area names one, whatever writes the row.
	(t) => [check('checkpoints_blockade_kind', sql`${t.blockadeId} is null or ${t.kind} = 'blockade'`)]
);

/**
 * Who is on duty where. The partial unique index is the rule "one person, one checkpoint at a
 * time", enforced by the database even when two check-ins race.
 */
export const dutyRecords = pgTable(
	'duty_records',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		checkpointCode: text('checkpoint_code')
			.notNull()
			.references(() => checkpoints.code),
		/** The person's identity across checkpoints: their ID-card (CCCD) or service number. */
		personKey: text('person_key').notNull(),
		personName: text('person_name').notNull(),
		force: text('force').notNull(),
		/** The shift (`yyyy-MM-dd#n`) the check-in is for: it counts only while that shift runs. */
		shiftKey: text('shift_key').notNull(),
		/**
		 * The latest shift it was carried over into by that shift's leader (still on duty); null: none.
		 * It counts from `shiftKey` through this shift, and is "not ended" (chưa kết thúc ca) after it.
		 */
		carriedOverTo: text('carried_over_to'),
		checkedInAt: timestamp('checked_in_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		checkedOutAt: timestamp('checked_out_at', { withTimezone: true, mode: 'date' }),
		/** When the check-in / check-out was entered on the device (issue 11 §6); null = the arrival times above. */
		checkedInEnteredAt: timestamp('checked_in_entered_at', { withTimezone: true, mode: 'date' }),
		checkedOutEnteredAt: timestamp('checked_out_entered_at', { withTimezone: true, mode: 'date' }),
		actorName: text('actor_name').notNull()
	},
	(t) => [
		uniqueIndex('duty_one_place_at_a_time')
			.on(t.personKey)
			.where(sql`${t.checkedOutAt} is null`),
		index('duty_checkpoint_open').on(t.checkpointCode, t.checkedOutAt)
	]
);

// ── blockaded areas (issue 13 §1) ──
/**
 * A blockade (khu phong tỏa): opened by its ward, tested in rounds, lifted by a decision. Never
 * deleted: a lifted one is the district's history ("đã gỡ phong tỏa"). The partial index serves
 * the wall's "active blockades", whatever the history's length.
 */
export const blockades = pgTable(
	'blockades',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		wardCode: text('ward_code')
			.notNull()
			.references(() => wards.code),
		name: text('name').notNull(),
		address: text('address'),
		zone: text('zone').notNull(),
		startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
		people: integer('people').notNull(),
		households: integer('households').notNull(),
		liftedAt: timestamp('lifted_at', { withTimezone: true, mode: 'date' }),
		liftedBy: text('lifted_by'),
		liftReference: text('lift_reference'),
		liftNote: text('lift_note'),
		createdBy: text('created_by').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
	},
	(t) => [
		index('blockades_active')
			.on(t.wardCode)
			.where(sql`${t.liftedAt} is null`),
		index('blockades_lifted_at').on(t.liftedAt),
		check('blockades_counts', sql`${t.people} >= 0 and ${t.households} >= 0 and ${t.households} <= ${t.people}`)
	]
);

/** A blockade's testing rounds: one row per round, numbered 1..n of the m planned; never two of one number. */
export const blockadeTestRounds = pgTable(
	'blockade_test_rounds',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		blockadeId: bigint('blockade_id', { mode: 'number' })
			.notNull()
			.references(() => blockades.id),
		round: integer('round').notNull(),
		of: integer('of').notNull(),
		/** `yyyy-MM-dd`, the local day the samples were taken. */
		date: text('date').notNull(),
		samples: integer('samples').notNull(),
		positives: integer('positives').notNull(),
		recordedBy: text('recorded_by').notNull(),
		recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull()
	},
	(t) => [
		uniqueIndex('blockade_round_once').on(t.blockadeId, t.round),
		check('blockade_round_counts', sql`${t.round} between 1 and ${t.of} and ${t.positives} between 0 and ${t.samples}`)
	]
);

// ── ward days (issue 13 §3) ──
/**
 * Each ward's day figures as its last report of the day left them (day figures are running totals
 * of the local day, domain/cases.ts): kept in the same transaction as every case report, so a
 * ward's cumulative doses are a sum over its days, never a scan of its reports. A report made
 * earlier on the device than the day's row does not replace it.
 */
export const wardDays = pgTable(
	'ward_days',
	{
		wardCode: text('ward_code')
			.notNull()
			.references(() => wards.code),
		/** `yyyy-MM-dd`, the Asia/Ho_Chi_Minh day the report was made on. */
		day: text('day').notNull(),
		samplesTested: integer('samples_tested').notNull(),
		positives: integer('positives').notNull(),
		vaccineDoses: integer('vaccine_doses').notNull(),
		f1Traced: integer('f1_traced').notNull(),
		/** When the day's last report was made (its entered_at), and which one. */
		madeAt: timestamp('made_at', { withTimezone: true, mode: 'date' }).notNull(),
		reportId: bigint('report_id', { mode: 'number' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.wardCode, t.day] }), index('ward_days_day').on(t.day)]
);

// ── zone history (issue 13 §2) ──
/**
 * Every change of a ward's zone (from its case reports) and of a blockade's, at the time it was
 * made, written in the same transaction as the report or the blockade change. Read by subject (the
 * ward tile's "Đỏ từ 28/08 · 6 ngày", a ward's history) and by time (the report's "changed since the
 * last one", the history page's strip): both through an index, never a scan of the reports.
 */
export const zoneChanges = pgTable(
	'zone_changes',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		/** 'ward' (key = ward code) or 'blockade' (key = blockade id). */
		subject: text('subject').notNull(),
		subjectKey: text('subject_key').notNull(),
		wardCode: text('ward_code')
			.notNull()
			.references(() => wards.code),
		/** Null for the first zone a subject is known in. */
		fromZone: text('from_zone'),
		toZone: text('to_zone').notNull(),
		at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull()
	},
	(t) => [
		index('zone_changes_subject').on(t.subject, t.subjectKey, t.id.desc()),
		index('zone_changes_at').on(t.at),
		// The zone a subject was in at an instant: one backward probe (the strip's start, issue 13 §2).
		index('zone_changes_subject_at').on(t.subject, t.subjectKey, t.at, t.id),
		index('zone_changes_ward_at').on(t.wardCode, t.at),
		check('zone_changes_subject_kind', sql`${t.subject} in ('ward', 'blockade')`)
	]
);

// ── wall layouts ──
/**
 * Named wall layouts: a playlist (views with seconds each) and an optional pinned view, opened by
 * `/wall?layout=<slug>` or a kiosk's default. The slug is the identity and never changes, because
 * TVs' links carry it; the playlist itself is validated by the same domain parser as the URL
 * before it is stored (the check below only guards the slug's shape).
 */
export const wallLayouts = pgTable(
	'wall_layouts',
	{
		slug: text('slug').primaryKey(),
		/** Vietnamese title shown to people choosing a layout. */
		title: text('title').notNull(),
		/** [{ view, seconds }], in playing order. */
		views: jsonb('views').$type<{ view: string; seconds: number }[]>().notNull(),
		/** A view that stays on screen instead of rotating; null = rotate. */
		pin: text('pin'),
		createdBy: text('created_by').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
	},
	(t) => [check('wall_layouts_slug_shape', sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)]
);

// ── task boards (Yjs) ──
/** Raw bytes: postgres.js gives a Buffer, PGlite a Uint8Array; Yjs wants a plain Uint8Array. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea',
	fromDriver: (v) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength),
	toDriver: (v) => v
});

/**
 * The task boards: the district's, one per ward (made from the district file) and those an admin
 * or district commander creates (an inspection campaign…). The board's content is its Yjs
 * document `board:<id>`, kept in yjs_updates / yjs_snapshots.
 */
export const boards = pgTable(
	'boards',
	{
		/** `district`, `ward:<ward code>`, or a created board's slug. */
		id: text('id').primaryKey(),
		kind: text('kind').notNull(),
		title: text('title').notNull(),
		wardCode: text('ward_code').references(() => wards.code),
		createdBy: text('created_by').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
	},
	(t) => [check('boards_kind', sql`${t.kind} in ('district', 'ward', 'campaign')`)]
);

/** Which campaign boards an inspector (role `inspector`) reads, writes and inspects: set in /admin/users. */
export const inspectorBoards = pgTable(
	'inspector_boards',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id),
		boardId: text('board_id')
			.notNull()
			.references(() => boards.id)
	},
	(t) => [primaryKey({ columns: [t.userId, t.boardId] }), index('inspector_boards_board').on(t.boardId)]
);

/**
 * Inspections (đoàn kiểm tra), immutable: a row is written once and never updated or deleted; a
 * later inspection of the same subject (a card, or a ward's readiness on a board) names the one
 * it supersedes. The unique index on `supersedes` keeps each subject's history one chain.
 */
export const inspections = pgTable(
	'inspections',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		boardId: text('board_id')
			.notNull()
			.references(() => boards.id),
		/** The card inspected; null: the ward's readiness on this board. */
		cardId: text('card_id'),
		/** The card's title when it was inspected (the report says what was inspected). */
		cardTitle: text('card_title'),
		/** The card's ward (else its board's), or the ward whose readiness was inspected; null: district-wide. */
		wardCode: text('ward_code'),
		inspectorKind: text('inspector_kind').notNull(),
		inspectorId: text('inspector_id'),
		inspectorName: text('inspector_name').notNull(),
		at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
		conclusion: text('conclusion').notNull(),
		findings: text('findings').notNull(),
		supersedes: bigint('supersedes', { mode: 'number' })
	},
	(t) => [
		check('inspections_conclusion', sql`${t.conclusion} in ('pass', 'fail', 'recommend')`),
		uniqueIndex('inspections_supersedes').on(t.supersedes),
		index('inspections_board_at').on(t.boardId, t.at),
		index('inspections_at').on(t.at)
	]
);

/**
 * Every Yjs update of a document, appended within ~50 ms of arriving (ARCHITECTURE.md): on a
 * crash at most the last flush interval is lost. Compaction merges a prefix of these rows into
 * yjs_snapshots and deletes them.
 */
export const yjsUpdates = pgTable(
	'yjs_updates',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		doc: text('doc').notNull(),
		update: bytea('update').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
	},
	(t) => [index('yjs_updates_doc_id').on(t.doc, t.id)]
);

/** A document's compacted state: every update with id <= upto, merged. */
export const yjsSnapshots = pgTable('yjs_snapshots', {
	doc: text('doc').primaryKey(),
	state: bytea('state').notNull(),
	upto: bigint('upto', { mode: 'number' }).notNull(),
	updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
});

/**
 * The cards of every board, projected from the documents (derived state: rebuilding it from the
 * documents gives the same rows), so the wall and the reports can count open and overdue tasks
 * in SQL.
 */
export const boardCards = pgTable(
	'board_cards',
	{
		boardId: text('board_id')
			.notNull()
			.references(() => boards.id),
		cardId: text('card_id').notNull(),
		/** The card's ward, else its board's; null = district-wide. Not a foreign key: a card may name any ward. */
		wardCode: text('ward_code'),
		title: text('title').notNull(),
		columnId: text('column_id').notNull(),
		columnTitle: text('column_title').notNull(),
		done: boolean('done').notNull(),
		archived: boolean('archived').notNull(),
		assignee: text('assignee'),
		focus: text('focus'),
		priority: text('priority').notNull(),
		/** As written on the card: `yyyy-MM-dd` or `yyyy-MM-ddTHH:mm`, Asia/Ho_Chi_Minh. */
		deadline: text('deadline'),
		/** The instant the deadline falls due (end of day for a date alone). */
		dueAt: timestamp('due_at', { withTimezone: true, mode: 'date' }),
		updatedAt: text('updated_at').notNull(),
		/** The readiness template the card was made from (domain/readiness, issue 14 §5), else null. */
		template: text('template'),
		/** Checklist entries ticked, and entries: a template's completion. */
		checkDone: integer('check_done').notNull().default(0),
		checkTotal: integer('check_total').notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.boardId, t.cardId] }), index('board_cards_ward').on(t.wardCode)]
);

// ── situation reports ──
/**
 * Situation reports to the city (06:00, 12:00, 18:00). A row is written once and its content
 * never changes: a correction is a new row (revision n of the same original, with who and why).
 * The partial unique index is what makes a slot's report exactly-once, whatever number of
 * processes race to generate it.
 */
export const situationReports = pgTable(
	'situation_reports',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		kind: text('kind').notNull(),
		/** The slot a scheduled report is for; null for one made on demand. */
		slotAt: timestamp('slot_at', { withTimezone: true, mode: 'date' }),
		/** The instant the figures describe. */
		asOf: timestamp('as_of', { withTimezone: true, mode: 'date' }).notNull(),
		generatedAt: timestamp('generated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		late: boolean('late').notNull().default(false),
		revision: integer('revision').notNull().default(0),
		/** The original report this row revises (null: it is an original). */
		originalId: bigint('original_id', { mode: 'number' }),
		reason: text('reason'),
		generatedBy: text('generated_by').notNull(),
		content: jsonb('content').notNull(),
		sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
		sentBy: text('sent_by')
	},
	(t) => [
		uniqueIndex('situation_reports_one_per_slot')
			.on(t.slotAt)
			.where(sql`${t.kind} = 'scheduled' and ${t.revision} = 0`),
		uniqueIndex('situation_reports_revision').on(t.originalId, t.revision),
		index('situation_reports_as_of').on(t.asOf.desc()),
		check('situation_reports_kind', sql`${t.kind} in ('scheduled', 'manual')`),
		check('situation_reports_revision_shape', sql`(${t.revision} = 0) = (${t.originalId} is null)`)
	]
);

// ── duty roster (issue 14 §1) ──
/**
 * Who is on duty per shift at the district's command post (unit `district`) and at each ward's
 * (unit = ward code): one row per unit, local day and shift. A PUT replaces a unit-day's rows in
 * one command (audited before/after); a shift with no row has no one planned.
 */
export const dutyShifts = pgTable(
	'duty_shifts',
	{
		/** `district` or a ward code. */
		unit: text('unit').notNull(),
		/** `yyyy-MM-dd`, the Asia/Ho_Chi_Minh day the shift starts on. */
		date: text('date').notNull(),
		/** 1-based number of the shift in the day (domain/checkpoint DEFAULT_SHIFT_STARTS). */
		shift: integer('shift').notNull(),
		/** `{ name, phone }`, null while no duty leader is named. */
		leader: jsonb('leader').$type<{ name: string; phone: string } | null>(),
		officers: jsonb('officers').$type<Array<{ name: string; phone: string }>>().notNull().default([]),
		/** Seeded from the district's demo roster, not entered by anyone. */
		demo: boolean('demo').notNull().default(false),
		updatedBy: text('updated_by').notNull(),
		updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.unit, t.date, t.shift] }), index('duty_shifts_date').on(t.date), check('duty_shifts_shift', sql`${t.shift} >= 1`)]
);

// ── social welfare (issue 14 §2) ──
/**
 * Social welfare reports (issue 14 §2): what a ward's field team did since its previous report
 * (increments; cash_pending is a level as of the report). Absent figures are null, not 0: a report
 * that says nothing of cash pending leaves the ward's level as it was. See domain/welfare.ts.
 */
export const welfareReports = pgTable(
	'welfare_reports',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		wardCode: text('ward_code')
			.notNull()
			.references(() => wards.code),
		/** `yyyy-MM-dd`, the local day (Asia/Ho_Chi_Minh) it was made on the device: the day it counts on. */
		day: text('day').notNull(),
		householdsSupported: integer('households_supported'),
		peopleSupported: integer('people_supported'),
		aidPackages: integer('aid_packages'),
		cashPending: integer('cash_pending'),
		cashPaid: integer('cash_paid'),
		shelterTakenIn: integer('shelter_taken_in'),
		reportedBy: text('reported_by').notNull(),
		actorKind: text('actor_kind').notNull(),
		actorId: text('actor_id'),
		/** Arrival at the server. */
		reportedAt: timestamp('reported_at', { withTimezone: true, mode: 'date' }).notNull(),
		/** When it was made on the device (issue 11 §6). */
		enteredAt: timestamp('entered_at', { withTimezone: true, mode: 'date' }).notNull()
	},
	(t) => [
		index('welfare_reports_ward_day').on(t.wardCode, t.day),
		index('welfare_reports_reported_at').on(t.reportedAt),
		check(
			'welfare_reports_non_negative',
			sql`coalesce(least(${t.householdsSupported}, ${t.peopleSupported}, ${t.aidPackages}, ${t.cashPending}, ${t.cashPaid}, ${t.shelterTakenIn}), 0) >= 0`
		),
		check(
			'welfare_reports_something',
			sql`coalesce(${t.householdsSupported}, ${t.peopleSupported}, ${t.aidPackages}, ${t.cashPending}, ${t.cashPaid}, ${t.shelterTakenIn}) is not null`
		)
	]
);

export const schema = {
	districts,
	wards,
	caseReports,
	events,
	users,
	sessions,
	kioskTokens,
	apiTokens,
	auditLog,
	idempotencyKeys,
	quarantineFacilities,
	quarantineMovements,
	warehouses,
	stockItems,
	stockMovements,
	stockBalances,
	checkpoints,
	dutyRecords,
	blockades,
	blockadeTestRounds,
	zoneChanges,
	wallLayouts,
	boards,
	yjsUpdates,
	yjsSnapshots,
	boardCards,
	situationReports,
	dutyShifts,
	welfareReports
};
export type Schema = typeof schema;
