// The community's settings form (PATCH /communities/{cid}): what changed, and what the API
// would refuse (CommunityPatch's rules, and the domain's: the default language among the
// languages; a text per locale can be replaced, not removed).
import type { Locale } from '../i18n/index.svelte';
import { tc } from '../i18n/console/index.svelte';
import { refusal, rule } from './limits';

export type CommunityForm = {
	name: Partial<Record<Locale, string>>;
	description: Partial<Record<Locale, string>>;
	languages: Locale[];
	default_locale: Locale;
	visibility: 'public' | 'private';
	flag_threshold: number | null;
};

type Patch = {
	name?: Record<string, string>;
	description?: Record<string, string>;
	languages?: Locale[];
	default_locale?: Locale;
	visibility?: 'public' | 'private';
	flag_threshold?: number;
};

function changedTexts(now: Partial<Record<Locale, string>>, was: Partial<Record<Locale, string>>, languages: Locale[]) {
	const out: Record<string, string> = {};
	for (const loc of languages) {
		const text = (now[loc] ?? '').trim();
		if (text && text !== (was[loc] ?? '').trim()) out[loc] = text;
	}
	return Object.keys(out).length ? out : undefined;
}

/** Only what changed is sent. */
export function communityChanges(form: CommunityForm, before: CommunityForm): Patch {
	const patch: Patch = {};
	const name = changedTexts(form.name, before.name, form.languages);
	const description = changedTexts(form.description, before.description, form.languages);
	if (name) patch.name = name;
	if (description) patch.description = description;
	const sameLanguages = form.languages.length === before.languages.length && form.languages.every((l) => before.languages.includes(l));
	if (!sameLanguages) patch.languages = [...form.languages];
	if (!sameLanguages || form.default_locale !== before.default_locale) patch.default_locale = form.default_locale;
	if (form.visibility !== before.visibility) patch.visibility = form.visibility;
	if (form.flag_threshold !== null && form.flag_threshold !== before.flag_threshold) patch.flag_threshold = form.flag_threshold;
	return patch;
}

/** Field (as the API names it: `name.fr`, `languages`...) -> why it would be refused. */
export function communityRefusals(form: CommunityForm, before: CommunityForm): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [field, body] of [['name', 'name'], ['description', 'description']] as const) {
		const r = rule('CommunityPatch', body);
		for (const loc of form.languages) {
			const text = (form[field][loc] ?? '').trim();
			const had = (before[field][loc] ?? '').trim();
			if (!text && had) out[`${field}.${loc}`] = tc('settings.cannotRemove');
			else if (text) {
				const why = refusal({ ...r, required: false }, text);
				if (why) out[`${field}.${loc}`] = why;
			}
		}
	}
	const languages = refusal(rule('CommunityPatch', 'languages'), form.languages);
	if (languages) out.languages = languages;
	else if (!form.languages.includes(form.default_locale)) out.default_locale = tc('settings.defaultAmongLanguages');
	if (form.flag_threshold !== null && form.flag_threshold !== undefined) {
		const why = refusal(rule('CommunityPatch', 'flag_threshold'), Number(form.flag_threshold));
		if (why) out.flag_threshold = why;
	}
	return out;
}
