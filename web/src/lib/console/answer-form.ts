// The official answer to a contribution (PUT /contributions/{id}/answer): the statuses that
// may follow the current one (as chalicelib/contributions/answer_rules.py's TRANSITIONS:
// the same status again edits the text, an implemented idea stays so, only an accepted idea
// becomes implemented), the body sent, and what the API would refuse (AnswerIn's rules).
import type { Locale } from '../i18n/index.svelte';
import { tc } from '../i18n/console/index.svelte';
import { refusal, rule } from './limits';
import type { Shown } from '../problems';

export type AnswerStatus = 'under_review' | 'accepted' | 'rejected' | 'implemented';
export const STATUS_RULE = rule('AnswerIn', 'status');
export const TEXT_RULE = rule('AnswerIn', 'text');
export const COST_RULE = rule('AnswerIn', 'cost');
export const STATUSES = (STATUS_RULE.enum ?? []) as readonly AnswerStatus[];

const NEXT: Record<AnswerStatus | 'none', readonly AnswerStatus[]> = {
	none: ['under_review', 'accepted', 'rejected'],
	under_review: ['under_review', 'accepted', 'rejected'],
	accepted: ['accepted', 'under_review', 'rejected', 'implemented'],
	rejected: ['rejected', 'under_review', 'accepted'],
	implemented: ['implemented']
};

/** The statuses the API lets follow `current` (none: not answered yet), in its order. */
export function nextStatuses(current: AnswerStatus | null | undefined): AnswerStatus[] {
	const allowed = NEXT[current ?? 'none'] ?? NEXT.none;
	return STATUSES.filter((s) => allowed.includes(s));
}

export type AnswerForm = {
	status: AnswerStatus;
	text: Partial<Record<Locale, string>>;
	cost: number | null | '';
	signed: boolean;
};

export type AnswerBody = { status: AnswerStatus; text: Record<string, string>; cost?: number; signed?: boolean };

/** The body sent: the non-empty texts only; a cost only for a budget idea. */
export function answerBody(form: AnswerForm, languages: readonly Locale[], budget: boolean): AnswerBody {
	const text: Record<string, string> = {};
	for (const loc of languages) {
		const t = (form.text[loc] ?? '').trim();
		if (t) text[loc] = t;
	}
	const body: AnswerBody = { status: form.status, text, signed: form.signed };
	if (budget && form.cost !== null && form.cost !== '') body.cost = Number(form.cost);
	return body;
}

/** Field (as the API names it: `status`, `text`, `text.fr`, `cost`) -> why it would be refused. */
export function answerRefusals(form: AnswerForm, languages: readonly Locale[], current: AnswerStatus | null | undefined, budget: boolean): Record<string, string> {
	const out: Record<string, string> = {};
	const status = refusal(STATUS_RULE, form.status);
	if (status) out.status = status;
	else if (!nextStatuses(current).includes(form.status)) out.status = tc('answers.transition');
	let any = false;
	for (const loc of languages) {
		const t = (form.text[loc] ?? '').trim();
		if (!t) continue;
		any = true;
		const why = refusal({ ...TEXT_RULE, required: false }, t);
		if (why) out[`text.${loc}`] = why;
	}
	if (!any) out.text = tc('answers.needText');
	if (budget && form.cost !== null && form.cost !== '') {
		const why = refusal(COST_RULE, Number(form.cost));
		if (why) out.cost = why;
	}
	return out;
}

/** The API's refusal, with the console's words for an impossible status change. */
export function answerProblem(shown: Shown | null): Shown | null {
	if (shown?.code === 'answer_transition') return { ...shown, message: tc('answers.transition'), fields: { ...shown.fields, status: tc('answers.transition') } };
	return shown;
}
