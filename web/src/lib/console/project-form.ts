// A project's form (POST /communities/{cid}/projects, PATCH /projects/{pid}): a title
// (required, per language) and a description (optional, per language), and what the API
// would refuse, by the field it would name (`title.fr`...).
import type { Locale } from '../i18n/index.svelte';
import { rule } from './limits';
import { changedTexts, textsBody, textsRefusals, type Texts } from './localised';

export type ProjectForm = { title: Texts; description: Texts };

export function projectRefusals(form: ProjectForm, before: ProjectForm | null, languages: readonly Locale[]): Record<string, string> {
	const body = before ? 'ProjectPatch' : 'ProjectIn';
	return {
		...textsRefusals('title', form.title, before?.title ?? null, languages, { ...rule(body, 'title'), required: true }),
		...textsRefusals('description', form.description, before?.description ?? null, languages, rule(body, 'description'))
	};
}

export function projectBody(form: ProjectForm, languages: readonly Locale[]) {
	const description = textsBody(form.description, languages);
	return { title: textsBody(form.title, languages) ?? {}, ...(description ? { description } : {}) };
}

/** Only what changed. */
export function projectChanges(form: ProjectForm, before: ProjectForm, languages: readonly Locale[]) {
	const title = changedTexts(form.title, before.title, languages);
	const description = changedTexts(form.description, before.description, languages);
	return { ...(title ? { title } : {}), ...(description ? { description } : {}) };
}
