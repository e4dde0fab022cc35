/** Who did something. Until accounts land, people identify themselves by name on the form. */
export type ActorKind = 'person' | 'api' | 'system';

export interface Actor {
	kind: ActorKind;
	/** Display name or identifier, stored with every change. */
	name: string;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', name: 'system' };
