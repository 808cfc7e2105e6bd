import { error } from '@sveltejs/kit';

export async function load({ parent }) {
	const { can } = await parent();
	if (!can.administer) error(403, { message: 'not admin' });
	return {};
}
