import { api } from '$lib/api/client';
import { must, maybe } from '$lib/load';

export async function load({ params }) {
	const path = { params: { path: { cid: params.cid } } };
	const [community, projects, updates, events] = await Promise.all([
		api().GET('/communities/{cid}', path),
		api().GET('/communities/{cid}/projects', path),
		api().GET('/communities/{cid}/updates', path),
		api().GET('/communities/{cid}/events', path)
	]);
	return {
		community: must(community),
		projects: maybe(projects)?.items ?? [],
		updates: maybe(updates)?.items ?? [],
		events: maybe(events)?.items ?? []
	};
}
