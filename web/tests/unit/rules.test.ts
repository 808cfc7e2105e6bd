import { beforeEach, describe, expect, it } from 'vitest';
import { strength } from '../../src/lib/password';
import { project, unproject, viewBox, bboxParam, fit } from '../../src/lib/geo';
import { show, fieldMessage } from '../../src/lib/problems';
import { setLocale } from '../../src/lib/i18n/index.svelte';
import { put, get, KEEP, DAY } from '../../src/lib/storage';

describe('password strength', () => {
	it('calls short and common passwords weak, long passphrases strong', () => {
		expect(strength('abc').score).toBeLessThanOrEqual(1);
		expect(strength('password123456').hints).toContain('common');
		expect(strength('quiet mornings beside the long green river').score).toBeGreaterThanOrEqual(3);
	});
	it('warns about the name or the email in the password', () => {
		expect(strength('ada loves long walks by the sea', ['Ada', 'ada@example.org']).hints).toContain('personal');
	});
});

describe('map geometry', () => {
	it('projects and unprojects back', () => {
		const p = project(2.35, 48.86, 12);
		const back = unproject(p.x, p.y, 12);
		expect(back.lon).toBeCloseTo(2.35, 6);
		expect(back.lat).toBeCloseTo(48.86, 6);
	});
	it('gives the visible box as minLon,minLat,maxLon,maxLat around the centre', () => {
		const b = viewBox({ lon: 2.35, lat: 48.86 }, 12, 640, 480);
		expect(b.minLon).toBeLessThan(2.35);
		expect(b.maxLon).toBeGreaterThan(2.35);
		expect(b.minLat).toBeLessThan(48.86);
		expect(bboxParam(b).split(',')).toHaveLength(4);
	});
	it('fits every point in view', () => {
		const points = [{ lon: 2.3, lat: 48.8 }, { lon: 2.4, lat: 48.9 }];
		const f = fit(points, 640, 480);
		const b = viewBox(f, f.zoom, 640, 480);
		for (const p of points) {
			expect(p.lon).toBeGreaterThanOrEqual(b.minLon);
			expect(p.lat).toBeLessThanOrEqual(b.maxLat);
		}
	});
});

describe('problems in the person’s language', () => {
	it('names the field and translates by code', () => {
		setLocale('fr', false);
		const shown = show({ type: 'x', title: 'x', status: 400, code: 'validation_error', detail: '', errors: [{ field: 'email', message: 'value is not a valid email address' }] });
		expect(shown?.message).toBe('Certains champs demandent votre attention.');
		expect(shown?.fields.email).toBe('Saisissez une adresse e-mail valide.');
		expect(show({ type: 'x', title: 'x', status: 422, code: 'over_budget', detail: '' })?.message).toMatch(/budget/);
		setLocale('en', false);
	});
	it('falls back by status, a lost connection included', () => {
		expect(show({ type: 'x', title: 'x', status: 503, code: 'network_error', detail: '' })?.message).toMatch(/connection is lost/);
		expect(show({ type: 'x', title: 'x', status: 418, code: 'teapot', detail: '' })?.message).toMatch(/attention/);
		expect(fieldMessage('String should have at least 8 characters')).toBe('At least 8 characters.');
	});
	it('keeps nested field names findable by their last part', () => {
		expect(show({ type: 'x', title: 'x', status: 400, code: 'validation_error', detail: '', errors: [{ field: 'body.title', message: 'Field required' }] })?.fields.title).toBe('This field is required.');
	});
});

describe('functional storage', () => {
	beforeEach(() => {
		const data = new Map<string, string>();
		(globalThis as { localStorage?: Storage }).localStorage = {
			getItem: (k: string) => data.get(k) ?? null,
			setItem: (k: string, v: string) => void data.set(k, v),
			removeItem: (k: string) => void data.delete(k),
			clear: () => data.clear(),
			key: () => null,
			length: 0
		};
	});
	it('forgets a value once its time is over', () => {
		const now = Date.now();
		put('nofollow:c1', true, KEEP.nofollow, now);
		expect(get('nofollow:c1', now + 2 * DAY)).toBe(true);
		expect(get('nofollow:c1', now + 3 * DAY + 1)).toBeNull();
	});
	it('keeps the language six months', () => {
		expect(KEEP.locale).toBeGreaterThanOrEqual(182 * DAY);
		expect(KEEP.session).toBe(DAY);
	});
});

describe('the session end', () => {
	it('counts the minutes left, never below zero, and nothing without an end', async () => {
		const { minutesLeft, WARN_MINUTES } = await import('../../src/lib/session.svelte');
		const now = Date.parse('2026-12-02T10:00:00Z');
		expect(minutesLeft('2026-12-02T10:14:59Z', now)).toBe(14);
		expect(minutesLeft('2026-12-03T10:00:00Z', now)).toBe(24 * 60);
		expect(minutesLeft('2026-12-02T09:00:00Z', now)).toBe(0);
		expect(minutesLeft(null, now)).toBeNull();
		expect(minutesLeft('not a date', now)).toBeNull();
		expect(WARN_MINUTES).toBeGreaterThan(0);
	});
});

describe('texts per locale', async () => {
	const { inLocale } = await import('../../src/lib/text');
	it("picks the person's language, else English, else the first", () => {
		expect(inLocale({ en: 'Terms', fr: 'Conditions' }, 'fr')).toEqual({ text: 'Conditions', locale: 'fr' });
		expect(inLocale({ en: 'Terms', fr: 'Conditions' }, 'de')).toEqual({ text: 'Terms', locale: 'en' });
		expect(inLocale({ es: 'Condiciones', de: 'Bedingungen' }, 'fr')).toEqual({ text: 'Bedingungen', locale: 'de' });
		expect(inLocale({}, 'en')).toEqual({ text: '', locale: null });
		expect(inLocale(null, 'en')).toEqual({ text: '', locale: null });
	});
});
