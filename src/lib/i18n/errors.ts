/** The words of refusals that name more than a field: the domain gives the code and the facts. */
import type { DefinitionRefusal } from '../domain/checkpoint.ts';
import { CHECKPOINT_KIND_LABELS } from './labels.ts';

/** The message a refused checkpoint definition gives, naming the checkpoint and the field. */
export function definitionRefusalMessage(def: { code: string; name: string }, r: DefinitionRefusal): string {
	return `checkpoint "${def.code}" (${def.name}, kind ${r.kind}): ${r.field} must be at least 1 — police are the core force at a control checkpoint, on every shift / ${CHECKPOINT_KIND_LABELS[r.kind].vi}: phải có ít nhất 1 công an mỗi ca (${r.code})`;
}
