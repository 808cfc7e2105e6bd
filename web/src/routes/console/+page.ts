import { api, type Schemas } from '$lib/api/client';
import { must } from '$lib/load';
import { powers, type Role } from '$lib/console/powers';

type Community = Schemas['CommunityOut'];

// The communities this person runs: all of those listed for a platform admin, else the ones
// where they are an admin or a moderator.
export async function load({ parent }) {
	const { platformAdmin } = await parent();
	const list = must(await api().GET('/communities', { params: { query: { limit: 100 } } }));
	// GET /communities answers CommunityOut items (see "API gaps" in web/README.md).
	const all = list.items as unknown as Community[];
	const communities = all
		.map((c) => ({ community: c, powers: powers(platformAdmin, c.viewer?.role as Role) }))
		.filter((c) => c.powers.moderate);
	return { communities };
}
