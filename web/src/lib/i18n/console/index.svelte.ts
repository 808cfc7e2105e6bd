// `tc()`: the console's words in the person's language (reactive, as `t()`). English is the
// reference and the fallback; the other languages load when the console needs them, one
// file each, so that a console page carries one language only.
import { i18n, format, type Locale } from '../index.svelte';
import { consoleEn, type ConsoleKey } from './en';

type Catalogue = Record<ConsoleKey, string>;
const LOADERS: Record<Exclude<Locale, 'en'>, () => Promise<Catalogue>> = {
	fr: () => import('./fr').then((m) => m.consoleFr),
	de: () => import('./de').then((m) => m.consoleDe),
	es: () => import('./es').then((m) => m.consoleEs)
};
const loaded = $state<Partial<Record<Locale, Catalogue>>>({ en: consoleEn });

/** Loads the console's words in `locale` (once). */
export async function loadConsoleWords(locale: Locale): Promise<void> {
	if (loaded[locale] || locale === 'en') return;
	loaded[locale] = await LOADERS[locale]();
}

export function tc(key: ConsoleKey, params?: Record<string, string | number>): string {
	const catalogue = loaded[i18n.locale] ?? consoleEn;
	return format(catalogue[key] ?? consoleEn[key] ?? key, params);
}

export type { ConsoleKey };
