// The questionnaire builder (POST /modules/{mid}/questions, one per question, in order):
// questions drafted here are added, reordered and removed before they are sent; what the
// API would refuse, by the field it would name (`prompt.fr`, `options`, `options.1.en`,
// `scale`...). The API keeps questions in the order they were added and has no route to
// reorder or remove one once added.
import type { Locale } from '../i18n/index.svelte';
import { t } from '../i18n/index.svelte';
import { tc } from '../i18n/console/index.svelte';
import { CONSTRAINTS } from '../api/constraints';
import { refusal, rule } from './limits';
import { textsBody, textsRefusals, type Texts } from './localised';

export const KINDS = CONSTRAINTS.QuestionIn.kind.enum;
export type QuestionKind = (typeof KINDS)[number];
export const CHOICE_KINDS: readonly QuestionKind[] = ['single_choice', 'multiple_choice'];
// questionnaires.py's domain rules: at most 50 questions, choices offer at least 2 distinct
// options, a scale has min < max and at most 21 steps.
export const MAX_QUESTIONS = 50;
export const MIN_OPTIONS = 2;
export const MAX_SCALE_STEPS = 21;

export type DraftQuestion = {
	key: number;
	kind: QuestionKind;
	prompt: Texts;
	options: Texts[];
	scale: { min: number | null; max: number | null };
	required: boolean;
};

export function draftQuestion(kind: QuestionKind, key: number): DraftQuestion {
	return { key, kind, prompt: {}, options: CHOICE_KINDS.includes(kind) ? [{}, {}] : [], scale: { min: 1, max: 5 }, required: false };
}

const num = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));

/** Field (as the API names it) -> why it would refuse this question. */
export function questionRefusals(q: DraftQuestion, languages: readonly Locale[]): Record<string, string> {
	const prompt = rule('QuestionIn', 'prompt');
	const out = textsRefusals('prompt', q.prompt, null, languages, { ...prompt, required: true });
	if (CHOICE_KINDS.includes(q.kind)) {
		const given = q.options.map((o) => textsBody(o, languages));
		given.forEach((o, i) => Object.assign(out, textsRefusals(`options.${i}`, q.options[i], null, languages, { ...prompt, required: false })));
		const filled = given.filter(Boolean).map((o) => JSON.stringify(Object.entries(o!).sort()));
		const most = rule('QuestionIn', 'options').maxItems ?? 20;
		if (given.some((o) => !o)) out.options = tc('build.optionEmpty');
		else if (filled.length < MIN_OPTIONS || filled.length > most) out.options = tc('build.optionCount', { min: MIN_OPTIONS, max: most });
		else if (new Set(filled).size !== filled.length) out.options = tc('build.optionTwice');
	}
	if (q.kind === 'scale') {
		const low = num(q.scale.min);
		const high = num(q.scale.max);
		const lowWhy = refusal({ ...rule('ScaleIn', 'min') }, low);
		const highWhy = refusal({ ...rule('ScaleIn', 'max') }, high);
		if (lowWhy) out['scale.min'] = lowWhy;
		if (highWhy) out['scale.max'] = highWhy;
		if (!lowWhy && !highWhy && low !== null && high !== null) {
			if (low >= high) out.scale = tc('build.scaleOrder');
			else if (high - low + 1 > MAX_SCALE_STEPS) out.scale = tc('build.scaleSteps', { n: MAX_SCALE_STEPS });
		}
	}
	return out;
}

/** Draft index -> its refusals (only questions with some), and `questions` when there are
 * more than the questionnaire may hold. */
export function builderRefusals(drafts: DraftQuestion[], saved: number, languages: readonly Locale[]) {
	const each: Record<number, Record<string, string>> = {};
	drafts.forEach((q, i) => {
		const why = questionRefusals(q, languages);
		if (Object.keys(why).length) each[i] = why;
	});
	const tooMany = saved + drafts.length > MAX_QUESTIONS ? t('field.max', { n: MAX_QUESTIONS }) : null;
	return { each, tooMany };
}

export function questionBody(q: DraftQuestion, languages: readonly Locale[]) {
	return {
		kind: q.kind,
		prompt: textsBody(q.prompt, languages) ?? {},
		required: q.required,
		...(CHOICE_KINDS.includes(q.kind) ? { options: q.options.map((o) => textsBody(o, languages) ?? {}) } : {}),
		...(q.kind === 'scale' ? { scale: { min: Number(q.scale.min), max: Number(q.scale.max) } } : {})
	};
}

/** `list` with the item at `from` moved by `by` places (kept inside the list). */
export function moved<T>(list: readonly T[], from: number, by: number): T[] {
	const to = Math.max(0, Math.min(list.length - 1, from + by));
	const out = [...list];
	const [item] = out.splice(from, 1);
	out.splice(to, 0, item);
	return out;
}

/** A question of another kind keeps its prompt and required flag; options and scale fit
 * the new kind. */
export function withKind(q: DraftQuestion, kind: QuestionKind): DraftQuestion {
	const options = CHOICE_KINDS.includes(kind) ? (q.options.length ? q.options : [{}, {}]) : [];
	return { ...q, kind, options };
}
