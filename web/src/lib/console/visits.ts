// The page views' breakdowns named in the person's language: a platform language by its
// name, a country by Intl's region name (the API sends ISO 3166 alpha-2 codes), a browser
// family as the API names it; "unknown" (no header, no User-Agent) in words.
import { LOCALE_NAMES, isLocale, i18n } from '../i18n/index.svelte';
import { tc } from '../i18n/console/index.svelte';

export type Breakdown = 'by_language' | 'by_country' | 'by_browser';
export const BREAKDOWNS: Breakdown[] = ['by_language', 'by_country', 'by_browser'];

export function breakdownTitle(b: Breakdown): string {
	return tc(b === 'by_language' ? 'visits.byLanguage' : b === 'by_country' ? 'visits.byCountry' : 'visits.byBrowser');
}

export function cellLabel(b: Breakdown, key: string): string {
	if (key === 'unknown') return tc('visits.unknown');
	if (b === 'by_language') return isLocale(key) ? LOCALE_NAMES[key] : key;
	if (b === 'by_country') {
		try {
			return new Intl.DisplayNames([i18n.locale], { type: 'region' }).of(key) ?? key;
		} catch {
			return key;
		}
	}
	return key;
}
