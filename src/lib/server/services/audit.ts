/**
 * The audit log: who did what, when, to what, before and after. Written with `record(tx, …)`
 * inside the change's own transaction, so no change is left without its entry and a change that
 * fails leaves none.
 */
import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { actorLabel, type Principal } from '../../domain/access.ts';
import { auditLog } from '../db/schema.ts';
import type { Db, Tx } from '../db/client.ts';

export interface AuditEntryInput {
	action: string;
	entity: string;
	entityId?: string | number | null;
	wardCode?: string | null;
	before?: unknown;
	after?: unknown;
}

export interface AuditEntry {
	id: number;
	at: string;
	actorKind: string;
	actorId: string | null;
	actorName: string;
	action: string;
	entity: string;
	entityId: string | null;
	wardCode: string | null;
	before: unknown;
	after: unknown;
}

export interface AuditFilter {
	ward?: string;
	actor?: string;
	entity?: string;
	from?: Date;
	to?: Date;
	limit?: number;
	/** Entries with id below this (pagination, newest first). */
	before?: number;
}

export async function record(tx: Tx | Db, actor: Principal, entry: AuditEntryInput): Promise<void> {
	const a = actorLabel(actor);
	await tx.insert(auditLog).values({
		actorKind: a.kind,
		actorId: a.id,
		actorName: a.name,
		action: entry.action,
		entity: entry.entity,
		entityId: entry.entityId == null ? null : String(entry.entityId),
		wardCode: entry.wardCode ?? null,
		before: entry.before ?? null,
		after: entry.after ?? null
	});
}

export async function listAudit(db: Db, f: AuditFilter): Promise<AuditEntry[]> {
	const where: SQL[] = [];
	if (f.ward) where.push(eq(auditLog.wardCode, f.ward));
	if (f.actor) where.push(eq(auditLog.actorName, f.actor));
	if (f.entity) where.push(eq(auditLog.entity, f.entity));
	if (f.from) where.push(gte(auditLog.at, f.from));
	if (f.to) where.push(lt(auditLog.at, f.to));
	if (f.before) where.push(lt(auditLog.id, f.before));
	const rows = await db
		.select()
		.from(auditLog)
		.where(where.length ? and(...where) : undefined)
		.orderBy(desc(auditLog.id))
		.limit(Math.min(f.limit ?? 200, 10_000));
	return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}
