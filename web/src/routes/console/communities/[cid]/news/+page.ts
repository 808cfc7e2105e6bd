import { error } from '@sveltejs/kit';
import { api } from '$lib/api/client';
import { maybe } from '$lib/load';

export async function load({ parent, params }) {
	const { can } = await parent();
	if (!can.administer) error(403, { message: 'not admin' });
	const path = { params: { path: { cid: params.cid } } };
	const [updates, events] = await Promise.all([
		api().GET('/communities/{cid}/updates', path),
		api().GET('/communities/{cid}/events', path)
	]);
	return { updates: maybe(updates)?.items ?? [], events: maybe(events)?.items ?? [] };
}
