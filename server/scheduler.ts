/**
 * The situation-report schedule: one croner job per slot (Asia/Ho_Chi_Minh, whatever the
 * server's TZ), and at start the catch-up of slots missed while the server was down. Generation
 * itself is exactly-once in the database, so every process may run this.
 */
import { Cron } from 'croner';
import { previousReportSlot } from '../src/lib/domain/schedule.ts';
import { TIME_ZONE } from '../src/lib/domain/time.ts';
import type { Core } from './core.ts';

/** A timer may fire a hair early: the slot it is for is the latest one up to just after it fired. */
const EARLY_FIRE_MARGIN_MS = 500;

export interface Scheduler {
	stop(): Promise<void>;
}

function slotPattern(slot: string): string {
	const [h, m, s = '0'] = slot.split(':');
	return `${Number(s)} ${Number(m)} ${Number(h)} * * *`;
}

export function startScheduler(core: Core): Scheduler {
	const { reports } = core.services;
	const log = core.logger;
	const running = new Set<Promise<unknown>>();
	let stopped = false;

	const track = <T>(p: Promise<T>): Promise<T> => {
		running.add(p);
		void p.finally(() => running.delete(p)).catch(() => {});
		return p;
	};

	const fire = (slot: Date) =>
		track(
			reports.generateForSlot(slot).then(
				({ report, created }) => {
					if (created) log.info({ report: report.id, slot: slot.toISOString(), late: report.late }, 'situation report generated');
				},
				(err: unknown) => log.error({ err, slot: slot.toISOString() }, 'situation report failed; it is generated at the next start')
			)
		);

	const jobs = reports.schedule.slots.map(
		(slot) =>
			new Cron(slotPattern(slot), { timezone: TIME_ZONE, name: `report-${slot}` }, () => {
				if (stopped) return;
				void fire(previousReportSlot(new Date(Date.now() + EARLY_FIRE_MARGIN_MS), reports.schedule.slots));
			})
	);

	track(
		reports.catchUp().then(
			(made) => {
				for (const r of made) log.warn({ report: r.id, slot: r.slotAt }, 'late situation report generated for a slot missed while the server was down');
			},
			(err: unknown) => log.error({ err }, 'catching up missed situation reports failed')
		)
	);
	// The demo roster rolls forward each night (issue 14 §1): a demo left running for weeks keeps a
	// week of duty leaders ahead. Nothing without a demo file; a planned unit-day is never touched.
	jobs.push(
		new Cron('0 5 0 * * *', { timezone: TIME_ZONE, name: 'duty-demo' }, () => {
			if (stopped) return;
			void track(
				core.services.duty.seedDemo().then(
					(n) => n > 0 && log.info({ shifts: n }, 'demo duty roster laid out ahead'),
					(err: unknown) => log.error({ err }, 'laying out the demo duty roster failed')
				)
			);
		})
	);
	log.info({ slots: reports.schedule.slots }, `situation reports at ${reports.schedule.slots.join(', ')} (${TIME_ZONE})`);

	return {
		async stop() {
			stopped = true;
			for (const j of jobs) j.stop();
			await Promise.allSettled([...running]);
		}
	};
}
