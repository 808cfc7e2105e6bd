import { error } from '@sveltejs/kit';
import { api } from '$lib/api/client';
import { must, maybe } from '$lib/load';
import { STATUSES, type AnswerStatus } from '$lib/console/answer-form';

// The modules to choose from (the community's projects, then each one's modules, as the
// modules page), and with `?module=` the module's contributions, newest first, `?status=`
// keeping one answer status: both from the address, so that a view can be reloaded.
export async function load({ parent, params, url }) {
	const { can } = await parent();
	if (!can.administer) error(403, { message: 'not admin' });
	const projects = must(await api().GET('/communities/{cid}/projects', { params: { path: { cid: params.cid }, query: { limit: 100 } } })).items;
	const lists = await Promise.all(
		projects.map(async (p) => maybe(await api().GET('/projects/{pid}/modules', { params: { path: { pid: p.id }, query: { limit: 100 } } }))?.items ?? [])
	);
	const groups = projects.map((p, i) => ({ project: p, modules: lists[i] }));
	const mid = url.searchParams.get('module');
	const module = groups.flatMap((g) => g.modules).find((m) => m.id === mid) ?? null;
	const asked = url.searchParams.get('status') ?? '';
	const status = (STATUSES as readonly string[]).includes(asked) ? (asked as AnswerStatus) : null;
	const first = module
		? must(await api().GET('/modules/{mid}/contributions', { params: { path: { mid: module.id }, query: { sort: 'latest', status, limit: 20 } } }))
		: null;
	return { groups, module, status, first };
}
