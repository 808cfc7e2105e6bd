// `tc()`: the console's words in the person's language (reactive, as `t()`).
import { i18n, format, type Locale } from '../index.svelte';
import { consoleEn, type ConsoleKey } from './en';
import { consoleFr } from './fr';
import { consoleDe } from './de';
import { consoleEs } from './es';

export const CONSOLE_CATALOGUES: Record<Locale, Record<ConsoleKey, string>> = {
	en: consoleEn,
	fr: consoleFr,
	de: consoleDe,
	es: consoleEs
};

export function tc(key: ConsoleKey, params?: Record<string, string | number>): string {
	return format((CONSOLE_CATALOGUES[i18n.locale] ?? consoleEn)[key] ?? consoleEn[key] ?? key, params);
}

export type { ConsoleKey };
