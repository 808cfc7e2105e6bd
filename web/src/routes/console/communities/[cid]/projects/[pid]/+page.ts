import { error } from '@sveltejs/kit';
import { api } from '$lib/api/client';
import { must } from '$lib/load';

// One project to edit (its texts per language come to admins as `translations`) and its
// modules, oldest first.
export async function load({ parent, params }) {
	const { can } = await parent();
	if (!can.administer) error(403, { message: 'not admin' });
	const [project, modules] = await Promise.all([
		api().GET('/projects/{pid}', { params: { path: { pid: params.pid } } }),
		api().GET('/projects/{pid}/modules', { params: { path: { pid: params.pid }, query: { limit: 100 } } })
	]);
	const p = must(project);
	if (p.community_id !== params.cid) error(404, { message: 'not here' });
	return { project: p, modules: must(modules).items };
}
