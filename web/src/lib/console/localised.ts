// A text per language of the community (title, description, a question's prompt...), as the
// API takes it: a map locale -> text with at least one entry (`i18n.as_map`). An edit
// merges into what is stored, so a text once given can be replaced, not removed.
import type { Locale } from '../i18n/index.svelte';
import { tc } from '../i18n/console/index.svelte';
import { refusal, type Rule } from './limits';

export type Texts = Partial<Record<Locale, string>>;

/** The filled texts, trimmed, or undefined when none is. */
export function textsBody(texts: Texts, languages: readonly Locale[]): Record<string, string> | undefined {
	const out: Record<string, string> = {};
	for (const loc of languages) {
		const text = (texts[loc] ?? '').trim();
		if (text) out[loc] = text;
	}
	return Object.keys(out).length ? out : undefined;
}

/** The texts that differ from `was`, or undefined. */
export function changedTexts(now: Texts, was: Texts, languages: readonly Locale[]): Record<string, string> | undefined {
	const out: Record<string, string> = {};
	for (const [loc, text] of Object.entries(textsBody(now, languages) ?? {})) if (text !== (was[loc as Locale] ?? '').trim()) out[loc] = text;
	return Object.keys(out).length ? out : undefined;
}

/** `field.<locale>` (or `field` when a required text is given in no language) -> why the
 * API would refuse it. `was`: what is stored (an edit), or null (a creation). */
export function textsRefusals(field: string, texts: Texts, was: Texts | null, languages: readonly Locale[], r: Rule): Record<string, string> {
	const out: Record<string, string> = {};
	for (const loc of languages) {
		const text = (texts[loc] ?? '').trim();
		if (!text && (was?.[loc] ?? '').trim()) out[`${field}.${loc}`] = tc('settings.cannotRemove');
		else if (text) {
			const why = refusal({ ...r, required: false }, text);
			if (why) out[`${field}.${loc}`] = why;
		}
	}
	const given = textsBody(texts, languages) ?? (was ? textsBody(was, languages) : undefined);
	if (r.required && !given) out[field] = tc('build.oneLanguage');
	return out;
}

/** What is stored, from an answer's `translations` (admins get them), else its one text. */
export function storedTexts(translated: Record<string, string> | null | undefined, text: string, locale: string | null | undefined, fallback: Locale): Texts {
	if (translated && Object.keys(translated).length) return { ...translated } as Texts;
	return text ? { [(locale as Locale) ?? fallback]: text } : {};
}
