// The community's optional demographic questions (PUT /communities/{cid}/demographics): what
// the API would refuse, by the field it would name (`questions.0.options`...): at most 5
// questions, each a prompt and 2 to 12 distinct options; a kept question's options may be
// renamed or added to, never removed (its answers point at them).
import { t } from '../i18n/index.svelte';
import { tc } from '../i18n/console/index.svelte';
import { refusal, rule } from './limits';

export type DraftQuestion = { id?: string; prompt: string; options: string[]; kept: number };

const QUESTIONS = rule('DemographicQuestionsIn', 'questions');
const OPTIONS = rule('DemographicQuestionIn', 'options');
// An option is the same short text as a prompt (LocalisedShort).
const TEXT = rule('DemographicQuestionIn', 'prompt');

export function demographicsRefusals(questions: DraftQuestion[]): Record<string, string> {
	const out: Record<string, string> = {};
	if (QUESTIONS.maxItems !== undefined && questions.length > QUESTIONS.maxItems) out.questions = t('field.max', { n: QUESTIONS.maxItems });
	questions.forEach((q, i) => {
		const prompt = refusal(TEXT, q.prompt.trim());
		if (prompt) out[`questions.${i}.prompt`] = prompt;
		const options = q.options.map((o) => o.trim());
		const filled = options.filter(Boolean);
		const kept = options.slice(0, q.kept);
		if (kept.some((o) => !o)) out[`questions.${i}.options`] = tc('demographics.keepOptions');
		else if (refusal(OPTIONS, filled)) out[`questions.${i}.options`] = tc('demographics.optionCount', { min: OPTIONS.minItems ?? 2, max: OPTIONS.maxItems ?? 12 });
		else if (new Set(filled.map((o) => o.toLowerCase())).size !== filled.length) out[`questions.${i}.options`] = tc('demographics.optionTwice');
		else {
			const long = filled.map((o) => refusal(TEXT, o)).find(Boolean);
			if (long) out[`questions.${i}.options`] = long;
		}
	});
	return out;
}

/** The body: prompts and non-empty options, trimmed; a kept question keeps its id. */
export function demographicsBody(questions: DraftQuestion[]) {
	return {
		questions: questions.map((q) => ({
			...(q.id ? { id: q.id } : {}),
			prompt: q.prompt.trim(),
			options: q.options.map((o) => o.trim()).filter(Boolean)
		}))
	};
}
