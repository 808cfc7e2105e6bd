import { describe, expect, it, beforeEach } from 'vitest';
import { setLocale } from '../../src/lib/i18n/index.svelte';
import { loadConsoleWords } from '../../src/lib/i18n/console/index.svelte';
import { changedTexts, storedTexts, textsBody, textsRefusals } from '../../src/lib/console/localised';
import { projectBody, projectChanges, projectRefusals } from '../../src/lib/console/project-form';
import {
	emptyModule, fromLocalInput, moduleBody, moduleChanges, moduleFormOf, moduleRefusals, nextPhase, phaseMoveRefusal, toLocalInput, type ModuleForm
} from '../../src/lib/console/module-form';
import { builderRefusals, draftQuestion, moved, questionBody, questionRefusals, withKind, MAX_QUESTIONS } from '../../src/lib/console/question-builder';

beforeEach(() => setLocale('en', false));
const EN_FR = ['en', 'fr'] as const;

describe('texts per language', () => {
	it('sends the filled texts, trimmed, and only the changed ones on an edit', () => {
		expect(textsBody({ en: ' Park ', fr: '  ' }, EN_FR)).toEqual({ en: 'Park' });
		expect(textsBody({ de: 'Park' }, EN_FR)).toBeUndefined();
		expect(changedTexts({ en: 'Park', fr: 'Parc' }, { en: 'Park' }, EN_FR)).toEqual({ fr: 'Parc' });
		expect(changedTexts({ en: 'Park' }, { en: 'Park' }, EN_FR)).toBeUndefined();
	});
	it('needs a required text in one language, refuses removing one, and measures each', () => {
		const r = { required: true, minLength: 1, maxLength: 5 };
		expect(textsRefusals('title', {}, null, EN_FR, r)).toEqual({ title: 'Give it in at least one language.' });
		expect(textsRefusals('title', { en: '' }, { en: 'Old' }, EN_FR, r)).toEqual({ 'title.en': 'A text cannot be removed, only replaced.' });
		expect(textsRefusals('title', { fr: 'Trop long' }, null, EN_FR, r)).toEqual({ 'title.fr': 'At most 5 characters.' });
		expect(textsRefusals('title', { fr: 'Oui' }, null, EN_FR, r)).toEqual({});
	});
	it('reads what is stored from the translations, else the one text', () => {
		expect(storedTexts({ en: 'A', fr: 'B' }, 'A', 'en', 'en')).toEqual({ en: 'A', fr: 'B' });
		expect(storedTexts(null, 'A', 'fr', 'en')).toEqual({ fr: 'A' });
		expect(storedTexts(undefined, '', null, 'en')).toEqual({});
	});
});

describe('the project form', () => {
	it('states the API’s limits, in the person’s language', async () => {
		expect(projectRefusals({ title: {}, description: {} }, null, EN_FR)).toEqual({ title: 'Give it in at least one language.' });
		expect(projectRefusals({ title: { en: 'x'.repeat(201) }, description: {} }, null, EN_FR)).toEqual({ 'title.en': 'At most 200 characters.' });
		await loadConsoleWords('fr');
		setLocale('fr', false);
		expect(projectRefusals({ title: {}, description: {} }, null, EN_FR).title).toBe('Indiquez-le dans au moins une langue.');
	});
	it('creates with the filled texts and edits only what changed', () => {
		expect(projectBody({ title: { en: 'Library', fr: '' }, description: {} }, EN_FR)).toEqual({ title: { en: 'Library' } });
		const before = { title: { en: 'Library' }, description: { en: 'Books' } };
		expect(projectChanges({ title: { en: 'Library', fr: 'Bibliothèque' }, description: { en: 'Books' } }, before, EN_FR)).toEqual({ title: { fr: 'Bibliothèque' } });
		expect(projectRefusals({ title: { en: 'Library' }, description: {} }, before, EN_FR)).toEqual({ 'description.en': 'A text cannot be removed, only replaced.' });
	});
});

const budget = (over: Partial<ModuleForm> = {}): ModuleForm => ({
	...emptyModule('budget', Date.parse('2026-06-01T10:00:00Z')), title: { en: 'Budget' }, budget_total: 1000, ...over
});

describe('the module form', () => {
	it('converts datetime-local values both ways', () => {
		const iso = '2026-06-01T10:30:00.000Z';
		expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
		expect(fromLocalInput('')).toBeNull();
		expect(toLocalInput('nonsense')).toBe('');
	});
	it('refuses a window the API refuses', () => {
		expect(moduleRefusals(budget({ closes: budget().opens }), null, EN_FR).closes_at).toBe('The closing time must be after the opening time.');
		expect(moduleRefusals(budget({ closes: '2032-06-02T10:00' }), null, EN_FR).closes_at).toBe('A consultation lasts at most five years.');
		expect(moduleRefusals(budget({ opens: '' }), null, EN_FR).opens_at).toBe('This field is required.');
	});
	it('refuses budget rules the API refuses', () => {
		expect(moduleRefusals(budget(), null, EN_FR)).toEqual({});
		expect(moduleRefusals(budget({ budget_total: null }), null, EN_FR)['settings.budget_total']).toBe('This field is required.');
		expect(moduleRefusals(budget({ budget_total: 0 }), null, EN_FR)['settings.budget_total']).toBe('At least 1.');
		expect(moduleRefusals(budget({ min_choices: 41 }), null, EN_FR)['settings.min_choices']).toBe('At most 40.');
		expect(moduleRefusals(budget({ min_choices: 3, max_choices: 2 }), null, EN_FR)['settings.max_choices']).toMatch(/^At least the fewest/);
		expect(moduleRefusals(budget({ min_choices: 0, max_choices: 0 }), null, EN_FR)['settings.max_choices']).toBe('At least 1.');
		// Other types take no budget rules, so none is checked.
		expect(moduleRefusals({ ...budget({ budget_total: null }), type: 'ideas' }, null, EN_FR)).toEqual({});
	});
	it('fixes the budget rules once ballots are cast, but not the rest', () => {
		const before = budget({ max_choices: 3 });
		expect(moduleRefusals(budget({ max_choices: 4 }), before, EN_FR, 2)).toEqual({ 'settings.max_choices': 'Ballots have been cast: the budget rules can no longer change.' });
		expect(moduleRefusals(budget({ max_choices: 3, title: { en: 'New' } }), before, EN_FR, 2)).toEqual({});
	});
	it('creates a budget in phases with its rules, another type with its results rule only', () => {
		const body = moduleBody(budget({ max_choices: 3 }), EN_FR);
		expect(body.settings).toEqual({ results: 'after_close', budget_total: 1000, min_choices: 1, max_choices: 3, phase: 'proposals' });
		expect(body.opens_at).toBe('2026-06-01T10:00:00.000Z');
		expect(moduleBody({ ...emptyModule('map'), title: { en: 'Map' } }, EN_FR).settings).toEqual({ results: 'public' });
		expect(moduleBody(budget({ phased: false }), EN_FR).settings).not.toHaveProperty('phase');
	});
	it('edits only what changed, and reads a stored module back', () => {
		const stored = {
			type: 'budget' as const, title: 'Budget', description: '', locale: 'en', opens_at: '2026-06-01T10:00:00Z', closes_at: '2026-07-01T10:00:00Z',
			settings: { results: 'admins', budget_total: 500, min_choices: 1, max_choices: 40, phase: 'voting' }, translations: { title: { en: 'Budget', fr: 'Budget' }, description: {} }
		};
		const before = moduleFormOf(stored, 'en');
		expect(before).toMatchObject({ title: { en: 'Budget', fr: 'Budget' }, results: 'admins', budget_total: 500, phased: true });
		expect(moduleChanges(before, before, EN_FR)).toEqual({});
		const after = { ...before, results: 'public' as const, budget_total: 800, closes: toLocalInput('2026-08-01T10:00:00Z') };
		expect(moduleChanges(after, before, EN_FR)).toEqual({ closes_at: '2026-08-01T10:00:00.000Z', settings: { results: 'public', budget_total: 800 } });
	});
	it('takes a map’s start whole and in range, and keeps it once set', () => {
		const map = (over: Partial<ModuleForm> = {}): ModuleForm => ({ ...emptyModule('map'), title: { en: 'Benches' }, ...over });
		expect(moduleRefusals(map(), null, EN_FR)).toEqual({});
		expect(moduleRefusals(map({ center_lat: 91 }), null, EN_FR)).toEqual({
			'settings.center.lat': 'At most 90.', 'settings.center.lon': 'This field is required.', 'settings.center.zoom': 'This field is required.'
		});
		expect(moduleRefusals(map({ center_lat: 45.5, center_lon: 4.8, center_zoom: 12.5 }), null, EN_FR)).toEqual({ 'settings.center.zoom': 'Enter a whole number.' });
		const set = map({ center_lat: 45.5, center_lon: -4.8, center_zoom: 12 });
		expect(moduleBody(set, EN_FR).settings).toEqual({ results: 'public', center: { lat: 45.5, lon: -4.8, zoom: 12 } });
		expect(moduleRefusals(map(), set, EN_FR)['settings.center.lat']).toBe('A map’s start can be moved, not removed.');
		expect(moduleChanges({ ...set, center_zoom: 14 }, set, EN_FR)).toEqual({ settings: { center: { lat: 45.5, lon: -4.8, zoom: 14 } } });
		expect(moduleChanges(set, set, EN_FR)).toEqual({});
		// Other types send no start.
		expect(moduleBody({ ...set, type: 'ideas' }, EN_FR).settings).toEqual({ results: 'public' });
	});
	it('moves a budget one phase forward, from none to proposals before any ballot', () => {
		expect([null, 'proposals', 'review', 'voting', 'results'].map(nextPhase)).toEqual(['proposals', 'review', 'voting', 'results', null]);
		expect(phaseMoveRefusal(null, 0)).toBeNull();
		expect(phaseMoveRefusal(null, 1)).toMatch(/can no longer run in phases/);
		expect(phaseMoveRefusal('results', 0)).toBe('Results is the last phase.');
		expect(phaseMoveRefusal('voting', 9)).toBeNull();
	});
});

describe('the questionnaire builder', () => {
	it('drafts each kind with what it needs', () => {
		expect(draftQuestion('single_choice', 1).options).toHaveLength(2);
		expect(draftQuestion('text', 2).options).toEqual([]);
		expect(withKind(draftQuestion('scale', 3), 'multiple_choice').options).toHaveLength(2);
		expect(withKind(draftQuestion('single_choice', 4), 'text').options).toEqual([]);
	});
	it('refuses what the API refuses, by the field it names', () => {
		const q = { ...draftQuestion('single_choice', 1), prompt: { en: 'When?' } };
		expect(questionRefusals(q, EN_FR)).toEqual({ options: 'Fill in every option, or remove the empty ones.' });
		expect(questionRefusals({ ...q, options: [{ en: 'Morning' }] }, EN_FR)).toEqual({ options: 'Give 2 to 20 options.' });
		expect(questionRefusals({ ...q, options: [{ en: 'Morning' }, { en: 'Morning ' }] }, EN_FR)).toEqual({ options: 'Each option must be different.' });
		expect(questionRefusals({ ...q, options: [{ en: 'Morning' }, { en: 'x'.repeat(201) }] }, EN_FR)).toEqual({ 'options.1.en': 'At most 200 characters.' });
		expect(questionRefusals({ ...q, options: [{ en: 'Morning' }, { fr: 'Soir' }] }, EN_FR)).toEqual({});
		expect(questionRefusals({ ...draftQuestion('text', 2) }, EN_FR)).toEqual({ prompt: 'Give it in at least one language.' });
		const s = { ...draftQuestion('scale', 3), prompt: { en: 'How much?' } };
		expect(questionRefusals(s, EN_FR)).toEqual({});
		expect(questionRefusals({ ...s, scale: { min: 5, max: 5 } }, EN_FR)).toEqual({ scale: 'The lowest value must be below the highest.' });
		expect(questionRefusals({ ...s, scale: { min: -10, max: 11 } }, EN_FR)).toEqual({ scale: 'At most 21 steps from the lowest value to the highest.' });
		expect(questionRefusals({ ...s, scale: { min: -101, max: 0 } }, EN_FR)).toEqual({ 'scale.min': 'At least -100.' });
	});
	it('counts the questions already added against the limit', () => {
		const q = { ...draftQuestion('text', 1), prompt: { en: 'Why?' } };
		expect(builderRefusals([q], MAX_QUESTIONS - 1, EN_FR)).toEqual({ each: {}, tooMany: null });
		expect(builderRefusals([q, q], MAX_QUESTIONS - 1, EN_FR).tooMany).toBe(`At most ${MAX_QUESTIONS}.`);
		expect(Object.keys(builderRefusals([q, draftQuestion('text', 2)], 0, EN_FR).each)).toEqual(['1']);
	});
	it('sends each kind as the API takes it', () => {
		const choice = { ...draftQuestion('multiple_choice', 1), prompt: { en: 'Which?' }, options: [{ en: 'A' }, { en: 'B', fr: 'B' }], required: true };
		expect(questionBody(choice, EN_FR)).toEqual({ kind: 'multiple_choice', prompt: { en: 'Which?' }, required: true, options: [{ en: 'A' }, { en: 'B', fr: 'B' }] });
		expect(questionBody({ ...draftQuestion('scale', 2), prompt: { fr: 'Combien ?' } }, EN_FR)).toEqual({ kind: 'scale', prompt: { fr: 'Combien ?' }, required: false, scale: { min: 1, max: 5 } });
		expect(questionBody({ ...draftQuestion('text', 3), prompt: { en: 'Why?' } }, EN_FR)).toEqual({ kind: 'text', prompt: { en: 'Why?' }, required: false });
	});
	it('reorders within the list', () => {
		expect(moved(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
		expect(moved(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
		expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
		expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
	});
});
