import { error } from '@sveltejs/kit';
import { api } from '$lib/api/client';
import { must } from '$lib/load';
import { powers, type Role } from '$lib/console/powers';

// One community's console: what the person may do there, from its `viewer.role` and
// `platform_admin`. Someone with neither role is told so here; the API refuses them anyway.
export async function load({ parent, params }) {
	const { platformAdmin } = await parent();
	const community = must(await api().GET('/communities/{cid}', { params: { path: { cid: params.cid } } }));
	const can = powers(platformAdmin, community.viewer?.role as Role);
	if (!can.moderate) error(403, { message: 'not staff' });
	return { community, can };
}
