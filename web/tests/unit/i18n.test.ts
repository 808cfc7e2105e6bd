import { describe, expect, it } from 'vitest';
import { CATALOGUES, LOCALES, format, preferredLocale, t, setLocale } from '../../src/lib/i18n/index.svelte';
import { en } from '../../src/lib/i18n/en';
import { consoleFr } from '../../src/lib/i18n/console/fr';
import { consoleDe } from '../../src/lib/i18n/console/de';
import { consoleEs } from '../../src/lib/i18n/console/es';
import { consoleEn } from '../../src/lib/i18n/console/en';

const CONSOLE_CATALOGUES = { en: consoleEn, fr: consoleFr, de: consoleDe, es: consoleEs };

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogues', () => {
	for (const locale of LOCALES) {
		it(`${locale} has every key of en, with the same placeholders, and nothing else`, () => {
			const cat = CATALOGUES[locale];
			expect(Object.keys(cat).sort()).toEqual(Object.keys(en).sort());
			for (const [key, value] of Object.entries(en)) {
				expect(placeholders(cat[key as keyof typeof en]), `${locale} ${key}`).toEqual(placeholders(value));
				expect(cat[key as keyof typeof en].trim(), `${locale} ${key}`).not.toBe('');
			}
		});
	}
	it('translations are not copies of English (beyond words that are the same)', () => {
		for (const locale of ['fr', 'de', 'es'] as const) {
			const same = Object.entries(en).filter(([k, v]) => CATALOGUES[locale][k as keyof typeof en] === v);
			expect(same.length / Object.keys(en).length, locale).toBeLessThan(0.08);
		}
	});
});

describe('the console catalogues', () => {
	for (const locale of LOCALES) {
		it(`${locale} has every console key, with the same placeholders, and no key of the app's`, () => {
			const cat = CONSOLE_CATALOGUES[locale];
			expect(Object.keys(cat).sort()).toEqual(Object.keys(consoleEn).sort());
			for (const [key, value] of Object.entries(consoleEn)) {
				expect(placeholders(cat[key as keyof typeof consoleEn]), `${locale} ${key}`).toEqual(placeholders(value));
				expect(cat[key as keyof typeof consoleEn].trim(), `${locale} ${key}`).not.toBe('');
				expect(key in en, `${key} is in both catalogues`).toBe(false);
			}
		});
	}
	it('translations are not copies of English (beyond words that are the same)', () => {
		for (const locale of ['fr', 'de', 'es'] as const) {
			const same = Object.entries(consoleEn).filter(([k, v]) => CONSOLE_CATALOGUES[locale][k as keyof typeof consoleEn] === v);
			expect(same.length / Object.keys(consoleEn).length, locale).toBeLessThan(0.08);
		}
	});
});

describe('messages', () => {
	it('formats placeholders and leaves unknown ones', () => {
		expect(format('{n} of {m}', { n: 1 })).toBe('1 of {m}');
	});
	it('follows the chosen language', () => {
		setLocale('fr', false);
		expect(t('nav.signIn')).toBe('Se connecter');
		setLocale('de', false);
		expect(t('home.members', { n: 3 })).toBe('3 Mitglieder');
		setLocale('en', false);
	});
	it('prefers the stored choice, then the browser, then English', () => {
		expect(preferredLocale('es', ['fr-FR'])).toBe('es');
		expect(preferredLocale(null, ['it-IT', 'de-AT'])).toBe('de');
		expect(preferredLocale('xx', ['it'])).toBe('en');
	});
});
