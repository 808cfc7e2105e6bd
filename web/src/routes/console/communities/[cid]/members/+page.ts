import { error } from '@sveltejs/kit';
import { api } from '$lib/api/client';
import { must } from '$lib/load';
import { ROLES, type MemberRole } from '$lib/console/members';

// The community's members, a page at a time (GET /communities/{cid}/members), with the role
// kept from the address (`?role=`) so that a filtered view can be reloaded and shared.
export async function load({ parent, params, url }) {
	const { can } = await parent();
	if (!can.administer) error(403, { message: 'not admin' });
	const asked = url.searchParams.get('role');
	const role = (ROLES as readonly string[]).includes(asked ?? '') ? (asked as MemberRole) : undefined;
	const first = must(await api().GET('/communities/{cid}/members', { params: { path: { cid: params.cid }, query: { role, limit: 50 } } }));
	return { first, role: role ?? null };
}
