export interface AuditFilterInput {
	ward?: string;
	actor?: string;
	entity?: string;
	from?: Date;
	to?: Date;
	/** The filter as typed, to refill the form. */
	raw: { ward: string; actor: string; entity: string; from: string; to: string };
}
