import { api } from '$lib/api/client';
import { must, maybe } from '$lib/load';

export async function load({ params }) {
	const path = { params: { path: { pid: params.pid } } };
	const [project, modules] = await Promise.all([
		api().GET('/projects/{pid}', path),
		api().GET('/projects/{pid}/modules', path)
	]);
	return { project: must(project), modules: maybe(modules)?.items ?? [] };
}
