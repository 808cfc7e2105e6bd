import { describe, expect, it } from 'vitest';
import { bars, niceMax, shares, ticks } from '../../src/lib/console/charts';
import { suppressedHere, suppressedSummary, shown } from '../../src/lib/console/suppression';
import { limitHint, refusal, rule, counter } from '../../src/lib/console/limits';
import { periodRefusal } from '../../src/lib/console/period';
import { powers, seesConsole } from '../../src/lib/console/powers';
import { setLocale } from '../../src/lib/i18n/index.svelte';
import { loadConsoleWords } from '../../src/lib/i18n/console/index.svelte';
import { eventTimesRefusal } from '../../src/lib/console/event-times';
import { demographicsBody, demographicsRefusals } from '../../src/lib/console/demographics-form';
import { communityChanges, communityRefusals, type CommunityForm } from '../../src/lib/console/community-form';

describe('chart scaling', () => {
	it('rounds the axis up to 1, 2 or 5 times a power of ten', () => {
		expect([0, 1, 3, 7, 10, 11, 180, 4999].map(niceMax)).toEqual([1, 1, 5, 10, 10, 20, 200, 5000]);
	});
	it('ticks whole numbers from zero to the top', () => {
		expect(ticks(20)).toEqual([0, 5, 10, 15, 20]);
		expect(ticks(1)).toEqual([0, 1]);
		expect(ticks(10)).toEqual([0, 2, 4, 6, 8, 10]);
		expect(ticks(5000)).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
		expect(ticks(50, 4)).toEqual([0, 25, 50]);
	});
	it('draws bars to scale, and a suppressed figure as no bar (not as zero)', () => {
		const drawn = bars([10, null, 5], 300, 100, 10);
		expect(drawn.map((b) => b.height)).toEqual([100, 0, 50]);
		expect(drawn.map((b) => b.y)).toEqual([0, 100, 50]);
		expect(drawn[1].value).toBeNull();
		expect(drawn[0].x).toBeLessThan(drawn[1].x);
		expect(bars([], 300, 100)).toEqual([]);
	});
	it('gives shares of the largest figure shown', () => {
		expect(shares([2, null, 4, 0])).toEqual([0.5, null, 1, 0]);
		expect(shares([0, 0])).toEqual([0, 0]);
	});
});

describe('suppression sentences', () => {
	it('says how many figures are hidden and why, with k', () => {
		setLocale('en', false);
		expect(suppressedSummary(0, 5)).toMatch(/No figure is hidden.*fewer than 5 people/);
		expect(suppressedSummary(1, 5)).toMatch(/^One figure is hidden.*fewer than 5 people.*worked out/);
		expect(suppressedSummary(7, 3)).toMatch(/^7 figures are hidden.*fewer than 3 people/);
	});
	it('names the table and counts its hidden figures; nothing when none is hidden', () => {
		expect(suppressedHere([1, 2], 5, 'Age')).toBeNull();
		expect(suppressedHere([null, 8, undefined], 5, 'Age')).toBe('Age: 2 hidden, since fewer than 5 people are behind each (or it could be worked out from the others).');
		expect(suppressedHere([null, null], 5, 'Age')).toMatch(/^Age: every figure is hidden/);
	});
	it('writes a hidden figure as a word, in the person’s language', async () => {
		await loadConsoleWords('fr');
		expect(shown(null, String)).toBe('hidden');
		expect(shown(0, String)).toBe('0');
		setLocale('fr', false);
		expect(shown(undefined, String)).toBe('masqué');
		expect(suppressedSummary(2, 5)).toMatch(/^2 chiffres sont masqués/);
		setLocale('en', false);
	});
});

describe('what the API will refuse, said before sending', () => {
	it('reads the generated constraints of a request body', () => {
		expect(rule('DecisionIn', 'reason')).toEqual({ required: true, minLength: 1, maxLength: 2000 });
		expect(rule('CommunityPatch', 'flag_threshold')).toMatchObject({ minimum: 1, maximum: 1000 });
	});
	it('states them as a hint', () => {
		setLocale('en', false);
		expect(limitHint(rule('DecisionIn', 'reason'))).toBe('Required, at most 2000 characters.');
		expect(limitHint(rule('CommunityPatch', 'flag_threshold'))).toBe('Optional, a whole number from 1 to 1000.');
	});
	it('refuses what the server refuses, counting characters as it does', () => {
		const reason = rule('DecisionIn', 'reason');
		expect(refusal(reason, '')).toBe('This field is required.');
		expect(refusal(reason, 'x'.repeat(2001))).toBe('At most 2000 characters.');
		expect(refusal(reason, '😀'.repeat(2000))).toBeNull();
		expect(refusal(rule('DecisionIn', 'rule'), null)).toBeNull();
		const threshold = rule('CommunityPatch', 'flag_threshold');
		expect(refusal(threshold, 0)).toBe('At least 1.');
		expect(refusal(threshold, 1.5)).toBe('Enter a whole number.');
		expect(counter('abc', reason)).toBe('3 of 2000 characters');
	});
	it('checks the analytics period as the API does', () => {
		expect(periodRefusal('', '')).toBeNull();
		expect(periodRefusal('2026-02-31', '')?.field).toBe('from');
		expect(periodRefusal('2026-03-02', '2026-03-01')).toMatchObject({ field: 'from' });
		expect(periodRefusal('2025-01-01', '2026-01-01')).toBeNull(); // 366 days
		expect(periodRefusal('2025-01-01', '2026-01-02')).toMatchObject({ field: 'to' });
		expect(periodRefusal('1999-12-31', '')?.field).toBe('from');
	});
});

describe('who sees what of the console', () => {
	it('admins administer and moderate; moderators moderate; members neither', () => {
		expect(powers(false, 'admin')).toEqual({ administer: true, moderate: true });
		expect(powers(false, 'moderator')).toEqual({ administer: false, moderate: true });
		expect(powers(false, 'member')).toEqual({ administer: false, moderate: false });
		expect(powers(true, null)).toEqual({ administer: true, moderate: true });
	});
	it('shows the link to platform admins and to staff of some community only', () => {
		expect(seesConsole(false, ['member', null])).toBe(false);
		expect(seesConsole(false, ['member', 'moderator'])).toBe(true);
		expect(seesConsole(true, [])).toBe(true);
	});
});

describe('the community settings form', () => {
	const before: CommunityForm = {
		name: { en: 'Townsville' }, description: { en: 'A town.' }, languages: ['en'], default_locale: 'en', visibility: 'public', flag_threshold: 3
	};
	const copy = (f: CommunityForm): CommunityForm => JSON.parse(JSON.stringify(f));
	it('sends only what changed, texts per locale', () => {
		const form = copy(before);
		expect(communityChanges(form, before)).toEqual({});
		form.languages = ['en', 'fr'];
		form.name.fr = ' Villeville ';
		form.flag_threshold = 5;
		expect(communityChanges(form, before)).toEqual({ name: { fr: 'Villeville' }, languages: ['en', 'fr'], default_locale: 'en', flag_threshold: 5 });
	});
	it('refuses what the API refuses, by the field it would name', () => {
		setLocale('en', false);
		const form = copy(before);
		form.name.en = '';
		form.description.en = 'x'.repeat(20001);
		form.flag_threshold = 0;
		expect(communityRefusals(form, before)).toEqual({
			'name.en': 'A text cannot be removed, only replaced.',
			'description.en': 'At most 20000 characters.',
			flag_threshold: 'At least 1.'
		});
		form.name.en = 'Townsville';
		form.description.en = 'A town.';
		form.flag_threshold = 3;
		form.languages = [];
		expect(communityRefusals(form, before)).toEqual({ languages: 'This field is required.' });
		form.languages = ['fr'];
		expect(communityRefusals(form, before)).toEqual({ default_locale: 'Choose the default among the community’s languages.' });
	});
});

describe('an event’s times', () => {
	it('refuses what the API refuses: both needed, the end not before the start, at most 366 days', () => {
		setLocale('en', false);
		expect(eventTimesRefusal('', '')).toEqual({ starts_at: 'This field is required.', ends_at: 'This field is required.' });
		expect(eventTimesRefusal('2026-05-02T10:00', '2026-05-02T10:00')).toEqual({ starts_at: null, ends_at: null });
		expect(eventTimesRefusal('2026-05-02T10:00', '2026-05-02T09:59').ends_at).toBe('The end cannot be before the start.');
		expect(eventTimesRefusal('2026-05-02T10:00', '2027-05-04T10:00').ends_at).toBe('An event lasts at most 366 days.');
	});
});

describe('the demographic questions form', () => {
	it('refuses what the API refuses, by the field it names', () => {
		setLocale('en', false);
		expect(demographicsRefusals([{ prompt: 'Age', options: ['Under 30', '30 or more'], kept: 0 }])).toEqual({});
		expect(demographicsRefusals([{ prompt: '', options: ['A', ''], kept: 0 }])).toEqual({
			'questions.0.prompt': 'This field is required.',
			'questions.0.options': 'Give 2 to 12 options.'
		});
		expect(demographicsRefusals([{ id: 'Q', prompt: 'Age', options: ['', 'B', 'C'], kept: 2 }])['questions.0.options'])
			.toBe('An option already offered cannot be removed: rename it instead.');
		expect(demographicsRefusals([{ prompt: 'Age', options: ['Same', 'same'], kept: 0 }])['questions.0.options']).toBe('Each option must be different.');
		const six = Array.from({ length: 6 }, () => ({ prompt: 'P', options: ['A', 'B'], kept: 0 }));
		expect(demographicsRefusals(six).questions).toBe('At most 5.');
	});
	it('sends trimmed prompts and filled options, keeping ids', () => {
		expect(demographicsBody([{ id: 'Q1', prompt: ' Age ', options: ['A', ' B ', ''], kept: 2 }])).toEqual({ questions: [{ id: 'Q1', prompt: 'Age', options: ['A', 'B'] }] });
	});
});
