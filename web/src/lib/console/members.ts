// The members page's rules (PUT and DELETE /communities/{cid}/members/{uid}): the roles the
// API takes (MemberIn, from the OpenAPI), what the add form would have refused, and the
// console's sentence for the refusals the page expects (409 `last_admin`, 404 for an
// unknown account).
import { rule, refusal } from './limits';
import { tc } from '../i18n/console/index.svelte';
import type { Shown } from '../problems';

export const ROLE_RULE = rule('MemberIn', 'role');
export const ROLES = (ROLE_RULE.enum ?? ['member', 'moderator', 'admin']) as readonly MemberRole[];
export type MemberRole = 'member' | 'moderator' | 'admin';

/** The role's name in the person's language ("administrator"...). */
export function roleName(role: string): string {
	return tc(role === 'admin' ? 'console.role.admin' : role === 'moderator' ? 'console.role.moderator' : 'console.role.member');
}

/** Why the add form would be refused, by field, or nothing. */
export function addRefusals(uid: string, role: string): Record<string, string> {
	const out: Record<string, string> = {};
	const why = refusal({ required: true }, uid.trim());
	if (why) out.uid = why;
	const roleWhy = refusal(ROLE_RULE, role);
	if (roleWhy) out.role = roleWhy;
	return out;
}

/** The API's refusal, with the console's own words for the codes this page meets. */
export function memberProblem(shown: Shown | null): Shown | null {
	if (!shown) return null;
	if (shown.code === 'last_admin') return { ...shown, message: tc('members.lastAdmin') };
	if (shown.code === 'membership_changed') return { ...shown, message: tc('members.changedMeanwhile') };
	if (shown.status === 404) return { ...shown, message: tc('members.unknownPerson') };
	return shown;
}
