/**
 * The database schema (drizzle). One schema for PGlite and PostgreSQL; migrations are generated
 * from this file by drizzle-kit into drizzle/ and never hand-edited.
 */
import { sql } from 'drizzle-orm';
import {
	bigserial,
	boolean,
	check,
	index,
	integer,
	jsonb,
	pgTable,
	text,
	timestamp,
} from 'drizzle-orm/pg-core';

/** The one district this deployment serves (a singleton row, id = 1). */
export const districts = pgTable('districts', {
	id: integer('id').primaryKey().default(1),
	code: text('code').notNull(),
	name: text('name').notNull(),
	zoneScheme: text('zone_scheme').notNull(),
	reportingIntervalMinutes: integer('reporting_interval_minutes').notNull(),
	updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
}, (t) => [check('districts_singleton', sql`${t.id} = 1`)]);

export const wards = pgTable('wards', {
	code: text('code').primaryKey(),
	name: text('name').notNull(),
	position: integer('position').notNull(),
	reportingIntervalMinutes: integer('reporting_interval_minutes').notNull(),
	hotline: text('hotline'),
	population: integer('population'),
	/** False when the ward left the definition file: kept for its history, hidden from the wall. */
	active: boolean('active').notNull().default(true),
	createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
});

/** Every case report ever sent: history is append-only, the latest per ward is what the wall shows. */
export const caseReports = pgTable(
	'case_reports',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		wardCode: text('ward_code').notNull().references(() => wards.code),
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
		/** Which door the report came through: form, api or system (simulator, imports). */
		source: text('source').notNull(),
		reportedAt: timestamp('reported_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
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
		payload: jsonb('payload').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
	},
	(t) => [index('events_created').on(t.createdAt)]
);

export const schema = { districts, wards, caseReports, events };
export type Schema = typeof schema;

