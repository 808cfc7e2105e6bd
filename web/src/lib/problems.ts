// problem+json answers in the person's language: a message for the form (by `code`, else by
// status) and one per field the server names, next to that field.
import type { Problem } from './api/client';
import { t, type MessageKey } from './i18n/index.svelte';
import { en } from './i18n/en';

export type Shown = { message: string; fields: Record<string, string>; code: string; status: number };

/** pydantic's and the domain's field messages, recognised and translated. */
const FIELD_PATTERNS: [RegExp, (m: RegExpMatchArray) => string][] = [
	[/^Field required/i, () => t('field.required')],
	[/YouTube or Vimeo|should match pattern/i, () => t('field.video')],
	[/at least (\d+) character/i, (m) => (m[1] === '1' ? t('field.required') : t('field.tooShort', { n: m[1] }))],
	[/at most (\d+) character/i, (m) => t('field.tooLong', { n: m[1] })],
	[/valid email|email address/i, () => t('field.email')],
	[/greater than or equal to (-?[\d.]+)/i, (m) => t('field.min', { n: m[1] })],
	[/less than or equal to (-?[\d.]+)/i, (m) => t('field.max', { n: m[1] })],
	[/password/i, () => t('field.password')],
	[/valid integer|valid number/i, () => t('field.number')],
	[/must be one of|Input should be/i, () => t('field.choice')]
];

export function fieldMessage(message: string): string {
	for (const [pattern, render] of FIELD_PATTERNS) {
		const m = message.match(pattern);
		if (m) return render(m);
	}
	return t('field.invalid');
}

export function codeKey(code: string): MessageKey | null {
	const key = `error.${code}` as MessageKey;
	return key in en ? key : null;
}

export function show(problem: Problem | null | undefined): Shown | null {
	if (!problem) return null;
	const fields: Record<string, string> = {};
	for (const e of problem.errors ?? []) {
		const name = e.field.split('.').pop() || e.field;
		fields[e.field] = fieldMessage(e.message);
		if (!(name in fields)) fields[name] = fields[e.field];
	}
	const key = codeKey(problem.code);
	const status = problem.status;
	const fallback: MessageKey =
		status === 503 || status === 0 ? 'error.unavailable'
		: status === 401 ? 'error.unauthorised'
		: status === 403 ? 'error.forbidden'
		: status === 404 ? 'error.not_found'
		: status === 409 ? 'error.conflict'
		: status === 413 ? 'error.too_large'
		: status === 422 ? 'error.refused'
		: status === 429 ? 'error.throttled'
		: status >= 500 ? 'error.server'
		: 'error.validation_error';
	return { message: t(key ?? fallback), fields, code: problem.code, status };
}
