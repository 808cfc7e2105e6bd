import { error } from '@sveltejs/kit';
import { api } from '$lib/api/client';
import { must } from '$lib/load';

export async function load({ parent, params }) {
	const { can } = await parent();
	if (!can.administer) error(403, { message: 'not admin' });
	const project = must(await api().GET('/projects/{pid}', { params: { path: { pid: params.pid } } }));
	if (project.community_id !== params.cid) error(404, { message: 'not here' });
	return { project };
}
