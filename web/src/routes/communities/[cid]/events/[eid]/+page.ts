import { redirect } from '@sveltejs/kit';

export function load({ params }) {
	redirect(307, `/communities/${params.cid}#event-${params.eid}`);
}
