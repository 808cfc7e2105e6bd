import { api } from '$lib/api/client';
import { must, maybe } from '$lib/load';

export async function load({ params, parent }) {
	await parent(); // the layout's start-up (config, API client, session) first
	const path = { params: { path: { cid: params.cid } } };
	const [community, projects, updates, events] = await Promise.all([
		api().GET('/communities/{cid}', path),
		api().GET('/communities/{cid}/projects', path),
		api().GET('/communities/{cid}/updates', path),
		api().GET('/communities/{cid}/events', path)
	]);
	// A private community answers 404 to outsiders: its page then offers to join with the code.
	if (community.response.status === 404) {
		return { cid: params.cid, community: null, projects: [], updates: [], events: [] };
	}
	return {
		cid: params.cid,
		community: must(community),
		projects: maybe(projects)?.items ?? [],
		updates: maybe(updates)?.items ?? [],
		events: maybe(events)?.items ?? []
	};
}
