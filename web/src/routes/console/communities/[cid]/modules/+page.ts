import { error } from '@sveltejs/kit';
import { api } from '$lib/api/client';
import { must, maybe } from '$lib/load';

// The community's projects and their modules (one call per project: the API lists modules
// by project).
export async function load({ parent, params }) {
	const { can } = await parent();
	if (!can.administer) error(403, { message: 'not admin' });
	const projects = must(await api().GET('/communities/{cid}/projects', { params: { path: { cid: params.cid }, query: { limit: 100 } } })).items;
	const modules = await Promise.all(
		projects.map(async (p) => maybe(await api().GET('/projects/{pid}/modules', { params: { path: { pid: p.id }, query: { limit: 100 } } }))?.items ?? [])
	);
	return { projects: projects.map((p, i) => ({ project: p, modules: modules[i] })) };
}
