import { error } from '@sveltejs/kit';
import { api } from '$lib/api/client';
import { must } from '$lib/load';

// One module to edit, and a questionnaire's questions (in order).
export async function load({ parent, params }) {
	const { can } = await parent();
	if (!can.administer) error(403, { message: 'not admin' });
	const module = must(await api().GET('/modules/{mid}', { params: { path: { mid: params.mid } } }));
	if (module.project_id !== params.pid || module.community_id !== params.cid) error(404, { message: 'not here' });
	const questions = module.type === 'questionnaire'
		? must(await api().GET('/modules/{mid}/questions', { params: { path: { mid: params.mid } } })).items
		: [];
	return { module, questions };
}
