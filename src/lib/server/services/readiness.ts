/**
 * Readiness checklists from doctrine (issue 14 §5): a district commander applies a template
 * (domain/readiness) to every ward's board at once, and anyone who sees the district reads each
 * ward's completion.
 *
 * Applying is one command: in one transaction, each ward's board document gets the template's
 * card (a row of yjs_updates, under the document's exclusive lock — boards.change), with an
 * audit row per board changed and one for the whole application. After the commit the edits reach
 * the documents held live (the tablets see the card at once) and the projection (the wall's
 * counts). Idempotent: a board that already has the template's card gets nothing, so applying
 * twice adds nothing; a retried Idempotency-Key answers the first outcome.
 */
import { actorLabel, can, readScope, type Principal } from '../../domain/access.ts';
import { applyTemplate, READINESS_TEMPLATES, readinessOf, readinessTemplate, type ReadinessPicture, type ReadinessTemplate } from '../../domain/readiness.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import type { BoardService } from './boards.ts';
import { authorize, createCommand } from './command.ts';
import type { Db } from '../db/client.ts';
import type { EventBus } from '../realtime/bus.ts';
import type { Inflight } from '../inflight.ts';
import type { District } from './district.ts';

interface ReadinessApplied {
	template: string;
	/** Wards whose board got the card now. */
	added: string[];
	/** Wards whose board had it already (or has no open column). */
	unchanged: string[];
}

export interface ReadinessService {
	templates(): readonly ReadinessTemplate[];
	/** Adds the template's card to every ward's board (admin, district commander). */
	apply(actor: Principal, templateId: string, key?: string | null): Promise<ReadinessApplied>;
	/** Completion per ward and template: the district's for a district reader, its ward's for a ward's. */
	picture(reader: Principal): Promise<{ wards: Array<{ code: string; name: string }>; readiness: ReadinessPicture }>;
}

export function createReadinessService(deps: {
	db: Db;
	bus: EventBus;
	inflight: Inflight;
	boards: BoardService;
	district: District;
	clock: () => Date;
}): ReadinessService {
	const { boards, district, clock } = deps;
	const command = createCommand(deps);

	return {
		templates: () => READINESS_TEMPLATES,

		async apply(actor, templateId, key) {
			// Refused before the template is looked up: a 403 must not reveal which templates exist.
			authorize(actor, 'readiness:apply');
			const template = readinessTemplate(templateId);
			if (!template) throw new NotFoundError('readiness_template', templateId);
			const by = actorLabel(actor).name;
			// After the commit: the tablets holding a board live get the card now, the others are re-projected.
			const published: Array<() => Promise<void>> = [];
			const outcome = await command({
				actor,
				action: 'readiness:apply',
				key,
				operation: 'readiness.apply',
				request: { template: template.id },
				run: async (tx) => {
					published.length = 0;
					const added: string[] = [];
					const unchanged: string[] = [];
					const audit = [];
					for (const w of district.wards) {
						const boardId = `ward:${w.code}`;
						const change = await boards.change(tx, boardId, (doc) => applyTemplate(doc, template, w, { by, now: clock }));
						if (change.result === null) {
							unchanged.push(w.code);
							continue;
						}
						published.push(change.publish);
						added.push(w.code);
						audit.push({ entity: 'board', entityId: boardId, wardCode: w.code, after: { template: template.id, card: change.result } });
					}
					audit.push({ entity: 'readiness', entityId: template.id, wardCode: null, after: { added, unchanged } });
					return { result: { template: template.id, added, unchanged }, audit, events: [] };
				}
			});
			await Promise.all(published.map((publish) => publish()));
			return outcome;
		},

		async picture(reader) {
			const scope = readScope(reader);
			if (!scope || !can(reader, 'ward:read', scope.ward)) throw new ForbiddenError('ward:read');
			const wards = (scope.ward ? district.wards.filter((w) => w.code === scope.ward) : district.wards).map((w) => ({ code: w.code, name: w.name }));
			return { wards, readiness: readinessOf(await boards.templateCards(scope.ward ?? undefined)) };
		}
	};
}
