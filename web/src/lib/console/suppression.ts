// The plain sentences the dashboard shows where figures are suppressed, and why
// (chalicelib/analytics/suppression_rules.py): fewer than k people behind a figure, or a
// figure that could be worked out from the others shown (a total minus the visible cells).
import { tc } from '../i18n/console/index.svelte';
import type { Figure } from './charts';

export function isSuppressed(v: Figure): boolean {
	return v === null || v === undefined;
}

/** The sentence under the dashboard: how many figures are hidden, and why. */
export function suppressedSummary(suppressed: number, k: number): string {
	if (suppressed <= 0) return tc('analytics.noneSuppressed', { k });
	return suppressed === 1 ? tc('analytics.oneSuppressed', { k }) : tc('analytics.manySuppressed', { n: suppressed, k });
}

/** The sentence for one table or series with hidden figures (`what` names it), or null. */
export function suppressedHere(values: Figure[], k: number, what: string): string | null {
	const hidden = values.filter(isSuppressed).length;
	if (hidden === 0) return null;
	if (hidden === values.length) return tc('analytics.allHidden', { what, k });
	return tc('analytics.someHidden', { what, n: hidden, k });
}

/** A figure as text: the number, or "hidden" (with the reason in the table's sentence). */
export function shown(v: Figure, format: (n: number) => string): string {
	return isSuppressed(v) ? tc('analytics.hidden') : format(v as number);
}
