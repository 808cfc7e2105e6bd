import { redirect } from '@sveltejs/kit';

// Notifications link to an update: it is shown on its community's page.
export function load({ params }) {
	redirect(307, `/communities/${params.cid}#update-${params.uid}`);
}
