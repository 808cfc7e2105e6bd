// The console's community administration, its pure parts: members and roles (what the add
// form refuses, the console's words for the API's refusals), and more below as they come.
import { beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../src/lib/i18n/index.svelte';
import { loadConsoleWords } from '../../src/lib/i18n/console/index.svelte';
import { ROLES, addRefusals, memberProblem, roleName } from '../../src/lib/console/members';
import { answerBody, answerProblem, answerRefusals, nextStatuses, type AnswerForm } from '../../src/lib/console/answer-form';
import { BREAKDOWNS, breakdownTitle, cellLabel } from '../../src/lib/console/visits';
import { IMAGE_TYPES, MAX_BYTES, imageHint, imagePath, imageRefusal } from '../../src/lib/console/community-images';

describe('members and roles', () => {
	beforeEach(() => setLocale('en', false));
	it('takes the roles the API takes (MemberIn), named in the person’s language', async () => {
		expect([...ROLES]).toEqual(['member', 'moderator', 'admin']);
		expect(ROLES.map(roleName)).toEqual(['member', 'moderator', 'administrator']);
		await loadConsoleWords('fr');
		setLocale('fr', false);
		expect(roleName('admin')).toBe('administrateur·rice');
	});
	it('refuses an empty account number or an unknown role before sending', () => {
		expect(addRefusals('  ', 'member')).toEqual({ uid: 'This field is required.' });
		expect(addRefusals('01JD8Z4W6K', 'owner').role).toBeTruthy();
		expect(addRefusals('01JD8Z4W6K', 'moderator')).toEqual({});
	});
	it('says the API’s refusals in the console’s words', () => {
		const base = { message: 'x', fields: {}, status: 409 };
		expect(memberProblem({ ...base, code: 'last_admin' })?.message).toMatch(/at least one administrator/);
		expect(memberProblem({ ...base, code: 'membership_changed' })?.message).toMatch(/changed meanwhile/);
		expect(memberProblem({ ...base, status: 404, code: 'not_found' })?.message).toBe('No account has this number.');
		expect(memberProblem({ ...base, status: 403, code: 'not_admin' })?.message).toBe('x');
		expect(memberProblem(null)).toBeNull();
	});
});

describe('logo and cover', () => {
	beforeEach(() => setLocale('en', false));
	it('states and applies CommunityMediaIn’s limits: the image types and 5 MB', () => {
		expect([...IMAGE_TYPES]).toEqual(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);
		expect(MAX_BYTES).toBe(5 * 1024 * 1024);
		expect(imageHint()).toBe('A JPEG, PNG, WEBP, GIF image of at most 5 MB. It is shown once it has been checked.');
		expect(imageRefusal({ type: 'image/png', size: 1000 })).toBeNull();
		expect(imageRefusal({ type: 'image/svg+xml', size: 1000 })).toBe('Choose a JPEG, PNG, WEBP, GIF image.');
		expect(imageRefusal({ type: 'image/jpeg', size: MAX_BYTES + 1 })).toBe('This image is larger than 5 MB.');
		expect(imageRefusal({ type: 'image/jpeg', size: MAX_BYTES })).toBeNull();
		expect(imageRefusal({ type: 'image/jpeg', size: 0 })).not.toBeNull();
	});
	it('knows an image by its stored object, not by the presigned query that changes on each read', () => {
		expect(imagePath('https://m.example/logo/C1/logo-9?X-Amz-Signature=a')).toBe('/logo/C1/logo-9');
		expect(imagePath('https://m.example/logo/C1/logo-9?X-Amz-Signature=b')).toBe(imagePath('https://m.example/logo/C1/logo-9?x=1'));
		expect(imagePath(null)).toBeNull();
		expect(imagePath('not a url')).toBeNull();
	});
});

describe('official answers', () => {
	beforeEach(() => setLocale('en', false));
	const form = (over: Partial<AnswerForm> = {}): AnswerForm => ({ status: 'accepted', text: { en: ' Yes. ', fr: '' }, cost: null, signed: false, ...over });
	it('offers the statuses the API lets follow the current one', () => {
		expect(nextStatuses(null)).toEqual(['under_review', 'accepted', 'rejected']);
		expect(nextStatuses('accepted')).toEqual(['under_review', 'accepted', 'rejected', 'implemented']);
		expect(nextStatuses('rejected')).toEqual(['under_review', 'accepted', 'rejected']);
		expect(nextStatuses('implemented')).toEqual(['implemented']);
	});
	it('sends the non-empty texts, and a cost only for a budget idea', () => {
		expect(answerBody(form({ cost: 12 }), ['en', 'fr'], false)).toEqual({ status: 'accepted', text: { en: 'Yes.' }, signed: false });
		expect(answerBody(form({ cost: 12, signed: true }), ['en', 'fr'], true)).toEqual({ status: 'accepted', text: { en: 'Yes.' }, cost: 12, signed: true });
		expect(answerBody(form({ cost: '' }), ['en'], true).cost).toBeUndefined();
	});
	it('refuses before sending what the API would', () => {
		expect(answerRefusals(form(), ['en', 'fr'], null, false)).toEqual({});
		expect(answerRefusals(form({ text: { en: '  ' } }), ['en'], null, false)).toEqual({ text: 'Write the answer in at least one language.' });
		expect(answerRefusals(form({ status: 'implemented' }), ['en'], null, false).status).toBe('This status cannot follow the current one.');
		expect(answerRefusals(form({ status: 'implemented' }), ['en'], 'accepted', false)).toEqual({});
		expect(answerRefusals(form({ text: { fr: 'x'.repeat(20001) } }), ['en', 'fr'], null, false)['text.fr']).toMatch(/20000/);
		expect(answerRefusals(form({ cost: -1 }), ['en'], null, true).cost).toBeTruthy();
		expect(answerRefusals(form({ cost: -1 }), ['en'], null, false).cost).toBeUndefined();
	});
	it('says an impossible status change in the console’s words, at the status field', () => {
		const shown = answerProblem({ message: 'x', fields: {}, status: 422, code: 'answer_transition' });
		expect(shown?.fields.status).toBe('This status cannot follow the current one.');
	});
});

describe('page views', () => {
	beforeEach(() => setLocale('en', false));
	it('names each breakdown’s cells in the person’s language', async () => {
		expect(BREAKDOWNS.map(breakdownTitle)).toEqual(['By language of the page', 'By country', 'By browser']);
		expect(cellLabel('by_language', 'fr')).toBe('Français');
		expect(cellLabel('by_country', 'DE')).toBe('Germany');
		expect(cellLabel('by_browser', 'Firefox')).toBe('Firefox');
		expect(['by_language', 'by_country', 'by_browser'].map((b) => cellLabel(b as never, 'unknown'))).toEqual(['Unknown', 'Unknown', 'Unknown']);
		await loadConsoleWords('de');
		setLocale('de', false);
		expect(cellLabel('by_country', 'FR')).toBe('Frankreich');
		expect(cellLabel('by_country', 'unknown')).toBe('Unbekannt');
	});
});
