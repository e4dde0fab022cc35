/** The wall's alerts as people read them: the domain's rules (domain/alerts) with i18n's names of the forces. */
import { alertsOf, DEFAULT_ALERT_THRESHOLDS, type Alert, type AlertThresholds } from '../domain/alerts.ts';
import type { LiveSnapshot } from '../domain/live.ts';
import { FORCE_LABELS } from '../i18n/labels.ts';
import { ZONE_WORDS } from '../i18n/messages.ts';

export type { Alert, AlertThresholds };

export function computeAlerts(snapshot: LiveSnapshot, now: Date, t: AlertThresholds = DEFAULT_ALERT_THRESHOLDS): Alert[] {
	return alertsOf(snapshot, now, { forces: FORCE_LABELS, zones: ZONE_WORDS }, t);
}
