// The analytics period as the API takes it (analytics_schemas.AnalyticsQuery): UTC days from
// 2000 to 2200, `from` not after `to`, at most 366 days. Checked before asking.
import { tc } from '../i18n/console/index.svelte';

export const DAY_MEASURES = ['participants', 'contributions', 'comments', 'reactions', 'upvotes', 'responses', 'ballots', 'followers'] as const;
export type DayMeasure = (typeof DAY_MEASURES)[number];
export const MAX_DAYS = 366;
const DAY = /^(?:20[0-9]{2}|21[0-9]{2}|2200)-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$/;

function parse(value: string): number | null {
	if (!DAY.test(value)) return null;
	const at = Date.parse(`${value}T00:00:00Z`);
	// "2026-02-31" matches the pattern but is no day.
	return Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== value ? null : at;
}

/** Why the API would refuse this period (and which field), or null. Empty days are fine:
 * the API then takes the last 30 days. */
export function periodRefusal(from: string, to: string): { field: 'from' | 'to'; message: string } | null {
	const start = from ? parse(from) : null;
	const end = to ? parse(to) : null;
	if (from && start === null) return { field: 'from', message: tc('analytics.badDay') };
	if (to && end === null) return { field: 'to', message: tc('analytics.badDay') };
	if (start !== null && end !== null) {
		if (start > end) return { field: 'from', message: tc('analytics.toBeforeFrom') };
		if ((end - start) / 86_400_000 + 1 > MAX_DAYS) return { field: 'to', message: tc('analytics.tooLong', { n: MAX_DAYS }) };
	}
	return null;
}
