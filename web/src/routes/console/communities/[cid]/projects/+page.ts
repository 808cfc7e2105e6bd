import { error } from '@sveltejs/kit';
import { api } from '$lib/api/client';
import { must } from '$lib/load';

// The community's projects (newest first), to edit them and add more.
export async function load({ parent, params }) {
	const { can } = await parent();
	if (!can.administer) error(403, { message: 'not admin' });
	const projects = must(await api().GET('/communities/{cid}/projects', { params: { path: { cid: params.cid }, query: { limit: 100 } } })).items;
	return { projects };
}
