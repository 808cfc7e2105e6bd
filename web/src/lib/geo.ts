// Web Mercator for the map box (the same tiles any slippy map uses), in pure functions.
export const TILE = 256;

export function project(lon: number, lat: number, zoom: number): { x: number; y: number } {
	const scale = TILE * 2 ** zoom;
	const clamped = Math.max(-85.0511, Math.min(85.0511, lat));
	const s = Math.sin((clamped * Math.PI) / 180);
	return {
		x: ((lon + 180) / 360) * scale,
		y: (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale
	};
}

export function unproject(x: number, y: number, zoom: number): { lon: number; lat: number } {
	const scale = TILE * 2 ** zoom;
	const lon = (x / scale) * 360 - 180;
	const n = Math.PI - (2 * Math.PI * y) / scale;
	const lat = (180 / Math.PI) * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n)));
	return { lon, lat };
}

export type Box = { minLon: number; minLat: number; maxLon: number; maxLat: number };

export function viewBox(center: { lon: number; lat: number }, zoom: number, width: number, height: number): Box {
	const c = project(center.lon, center.lat, zoom);
	const nw = unproject(c.x - width / 2, c.y - height / 2, zoom);
	const se = unproject(c.x + width / 2, c.y + height / 2, zoom);
	const r = (n: number) => Math.round(n * 1e5) / 1e5;
	return {
		minLon: r(Math.max(-180, nw.lon)),
		minLat: r(Math.max(-85, se.lat)),
		maxLon: r(Math.min(180, se.lon)),
		maxLat: r(Math.min(85, nw.lat))
	};
}

export function bboxParam(b: Box): string {
	return `${b.minLon},${b.minLat},${b.maxLon},${b.maxLat}`;
}

/** The centre and zoom that show every point (zoom capped), else a default view. */
export function fit(points: { lon: number; lat: number }[], width: number, height: number,
	fallback = { lon: 2.35, lat: 48.86, zoom: 11 }): { lon: number; lat: number; zoom: number } {
	if (!points.length) return fallback;
	const lons = points.map((p) => p.lon);
	const lats = points.map((p) => p.lat);
	const center = { lon: (Math.min(...lons) + Math.max(...lons)) / 2, lat: (Math.min(...lats) + Math.max(...lats)) / 2 };
	for (let zoom = 16; zoom > 1; zoom--) {
		const b = viewBox(center, zoom, width * 0.9, height * 0.9);
		if (points.every((p) => p.lon >= b.minLon && p.lon <= b.maxLon && p.lat >= b.minLat && p.lat <= b.maxLat)) {
			return { ...center, zoom };
		}
	}
	return { ...center, zoom: 2 };
}

export function tileUrl(template: string, z: number, x: number, y: number): string {
	return template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));
}
