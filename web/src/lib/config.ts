// Runtime configuration, /config.json, written next to the build by the deploy (infra/web.py)
// or served by local/webapp.py: one build runs against any API.
export type RuntimeConfig = {
	api_url: string;
	stage: string;
	map_tiles_url: string;
	facebook?: boolean;
};

let current: RuntimeConfig | null = null;

export async function loadConfig(fetcher: typeof fetch = fetch): Promise<RuntimeConfig> {
	if (current) return current;
	// Preloaded by app.html (same request, so no second fetch); the server says no-cache.
	const response = await fetcher('/config.json');
	if (!response.ok) throw new Error(`config.json: ${response.status}`);
	const raw = (await response.json()) as Partial<RuntimeConfig>;
	current = {
		api_url: String(raw.api_url ?? '').replace(/\/$/, ''),
		stage: String(raw.stage ?? ''),
		map_tiles_url: String(raw.map_tiles_url ?? ''),
		facebook: Boolean(raw.facebook)
	};
	return current;
}

export function config(): RuntimeConfig {
	if (!current) throw new Error('configuration not loaded yet');
	return current;
}
