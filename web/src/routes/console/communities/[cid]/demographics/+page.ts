import { error } from '@sveltejs/kit';
import { api } from '$lib/api/client';
import { must } from '$lib/load';

export async function load({ parent, params }) {
	const { can } = await parent();
	if (!can.administer) error(403, { message: 'not admin' });
	const current = must(await api().GET('/communities/{cid}/demographics', { params: { path: { cid: params.cid } } }));
	return { current };
}
