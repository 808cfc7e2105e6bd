// The console's community administration, its pure parts: members and roles (what the add
// form refuses, the console's words for the API's refusals), and more below as they come.
import { beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../src/lib/i18n/index.svelte';
import { loadConsoleWords } from '../../src/lib/i18n/console/index.svelte';
import { ROLES, addRefusals, memberProblem, roleName } from '../../src/lib/console/members';

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
