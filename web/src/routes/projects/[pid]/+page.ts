import { api } from '$lib/api/client';
import { must, maybe } from '$lib/load';

export async function load({ params, parent }) {
	await parent(); // the layout's start-up (config, API client, session) first
	const path = { params: { path: { pid: params.pid } } };
	const [project, modules] = await Promise.all([
		api().GET('/projects/{pid}', path),
		api().GET('/projects/{pid}/modules', path)
	]);
	return { project: must(project), modules: maybe(modules)?.items ?? [] };
}
