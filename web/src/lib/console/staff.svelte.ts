// Whether the header shows the console's link: asked of the API once the profile is known
// (GET /me's `platform_admin`, else the `viewer.role` of the communities listed), after the
// page's first paint. Only the first 100 communities are read: a person moderating beyond
// them still reaches /console by its address.
import { api, type Schemas } from '../api/client';
import { seesConsole, type Role } from './powers';

type Community = Schemas['CommunityOut'];

class Staff {
	show = $state(false);
	#for: string | null = null;

	async refresh(me: Schemas['MeOut'] | null): Promise<void> {
		if (!me) {
			this.show = false;
			this.#for = null;
			return;
		}
		if (this.#for === me.id) return;
		this.#for = me.id;
		if (me.platform_admin) {
			this.show = true;
			return;
		}
		const { data } = await api().GET('/communities', { params: { query: { limit: 100 } } });
		// GET /communities answers CommunityOut items (see "API gaps" in web/README.md).
		const items = (data?.items ?? []) as unknown as Community[];
		this.show = seesConsole(false, items.map((c) => c.viewer?.role as Role));
	}
}

export const staff = new Staff();
