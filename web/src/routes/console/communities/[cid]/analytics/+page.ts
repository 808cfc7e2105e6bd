import { error } from '@sveltejs/kit';
import { api, asProblem, type Schemas } from '$lib/api/client';

// The period and the module come from the address (so a view can be shared and reloaded);
// a value the API refuses (400 naming `from`, `to` or `module`) is shown next to its picker.
export async function load({ params, parent, url }) {
	const { can } = await parent();
	if (!can.administer) error(403, { message: 'not admin' });
	const query = {
		from: url.searchParams.get('from') || undefined,
		to: url.searchParams.get('to') || undefined,
		module: url.searchParams.get('module') || undefined
	};
	const result = await api().GET('/communities/{cid}/analytics', { params: { path: { cid: params.cid }, query } });
	// The route also answers text/csv (`format=csv`): this JSON view is AnalyticsOut.
	if (result.data) return { figures: result.data as Schemas['AnalyticsOut'], problem: null, query };
	if (result.response.status === 400) return { figures: null as Schemas['AnalyticsOut'] | null, problem: asProblem(result.error, 400), query };
	error(result.response.status, { message: `HTTP ${result.response.status}` });
}
