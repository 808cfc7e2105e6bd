// A small typed i18n: flat message catalogues (en is the reference: the others must have
// every key, which the type checker and a unit test enforce), `{name}` placeholders, the
// choice kept six months (functional storage, see ../storage.ts).
import { en, type MessageKey } from './en';
import { fr } from './fr';
import { de } from './de';
import { es } from './es';
import { get, put, KEEP } from '../storage';

export const LOCALES = ['en', 'fr', 'de', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { en, fr, de, es };
export const LOCALE_NAMES: Record<Locale, string> = {
	en: 'English',
	fr: 'Français',
	de: 'Deutsch',
	es: 'Español'
};

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function preferredLocale(
	stored: string | null,
	browser: readonly string[] = []
): Locale {
	if (isLocale(stored)) return stored;
	for (const tag of browser) {
		const base = tag.toLowerCase().split('-')[0];
		if (isLocale(base)) return base;
	}
	return 'en';
}

export const i18n = $state<{ locale: Locale }>({ locale: 'en' });

export function format(template: string, params?: Record<string, string | number>): string {
	if (!params) return template;
	return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
		name in params ? String(params[name]) : whole
	);
}

/** The message in the current language (reactive: reading i18n.locale tracks it). */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
	const catalogue = CATALOGUES[i18n.locale] ?? en;
	return format(catalogue[key] ?? en[key] ?? key, params);
}

export function setLocale(locale: Locale, remember = true): void {
	i18n.locale = locale;
	if (remember) put('locale', locale, KEEP.locale);
	if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

export function initLocale(): Locale {
	const nav = typeof navigator === 'undefined' ? [] : navigator.languages ?? [];
	const locale = preferredLocale(get<string>('locale'), nav);
	setLocale(locale, false);
	return locale;
}

export function formatDate(iso: string | null | undefined, withTime = true): string {
	if (!iso) return '';
	const d = new Date(iso);
	if (Number.isNaN(d.getTime())) return iso;
	return new Intl.DateTimeFormat(i18n.locale, {
		dateStyle: 'medium',
		...(withTime ? { timeStyle: 'short' } : {})
	}).format(d);
}

export function formatNumber(n: number): string {
	return new Intl.NumberFormat(i18n.locale).format(n);
}

export type { MessageKey };
