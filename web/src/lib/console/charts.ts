// The dashboard's charts, drawn as inline SVG from the figures (no chart library): pure
// scaling, so that what is drawn is what the API answered. A suppressed figure (null) is
// drawn as nothing (a gap), never as zero.
export type Figure = number | null | undefined;

/** A round top for the axis at or above `max` (1, 2 or 5 times a power of ten). */
export function niceMax(max: number): number {
	if (!(max > 0)) return 1;
	const power = 10 ** Math.floor(Math.log10(max));
	for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
	return 10 * power;
}

/** Whole-number ticks from 0 to `top` on a round step (1, 2, 2.5 or 5 times a power of
 * ten) that reaches `top` exactly, at most `count` steps. */
export function ticks(top: number, count = 5): number[] {
	let step = top;
	for (let power = 1; power <= top; power *= 10) {
		const fit = [1, 2, 2.5, 5].map((m) => m * power).find((s) => Number.isInteger(s) && top % s === 0 && top / s <= count);
		if (fit !== undefined) {
			step = fit;
			break;
		}
	}
	const out: number[] = [];
	for (let v = 0; v <= top; v += Math.max(1, step)) out.push(v);
	return out;
}

export type Bar = { x: number; y: number; width: number; height: number; value: number | null };

/** Vertical bars for `values` in a `width` × `height` box (y grows downwards). */
export function bars(values: Figure[], width: number, height: number, top = niceMax(Math.max(0, ...values.map((v) => v ?? 0)))): Bar[] {
	const n = values.length;
	if (n === 0) return [];
	const slot = width / n;
	const gap = Math.min(4, slot * 0.2);
	return values.map((v, i) => {
		const value = v ?? null;
		const h = value === null ? 0 : (Math.max(0, value) / top) * height;
		return { x: i * slot + gap / 2, y: height - h, width: Math.max(1, slot - gap), height: h, value };
	});
}

/** Horizontal share bars: each value's width as a fraction of the largest shown. */
export function shares(values: Figure[]): (number | null)[] {
	const max = Math.max(0, ...values.map((v) => v ?? 0));
	return values.map((v) => (v === null || v === undefined ? null : max > 0 ? v / max : 0));
}
