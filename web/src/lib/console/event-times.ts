// An event's times as the API takes them (EventIn: both required, aware datetimes; the end
// not before the start, at most 366 days later: announcements.check_event_times), from the
// datetime-local inputs (the person's own time zone).
import { tc } from '../i18n/console/index.svelte';
import { t } from '../i18n/index.svelte';

export const MAX_EVENT_DAYS = 366;

export function eventTimesRefusal(starts: string, ends: string): { starts_at: string | null; ends_at: string | null } {
	const start = starts ? Date.parse(starts) : NaN;
	const end = ends ? Date.parse(ends) : NaN;
	let endWhy: string | null = null;
	if (!ends) endWhy = t('field.required');
	else if (Number.isNaN(end)) endWhy = t('field.invalid');
	else if (!Number.isNaN(start) && end < start) endWhy = tc('news.endAfterStart');
	else if (!Number.isNaN(start) && end - start > MAX_EVENT_DAYS * 86_400_000) endWhy = tc('news.tooLong', { n: MAX_EVENT_DAYS });
	return {
		starts_at: !starts ? t('field.required') : Number.isNaN(start) ? t('field.invalid') : null,
		ends_at: endWhy
	};
}
