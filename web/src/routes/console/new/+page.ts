import { error } from '@sveltejs/kit';

// Platform admins create communities; the API refuses anyone else (403).
export async function load({ parent }) {
	const { platformAdmin } = await parent();
	if (!platformAdmin) error(403, { message: 'not a platform admin' });
	return {};
}
