// What the API will refuse, said before sending: the request bodies' rules, generated from
// the OpenAPI document (../api/constraints.ts), as a hint under the field and as the
// message shown when the value breaks one of them.
import { CONSTRAINTS } from '../api/constraints';
import { t } from '../i18n/index.svelte';
import { tc } from '../i18n/console/index.svelte';

export type Rule = {
	required: boolean;
	minLength?: number;
	maxLength?: number;
	minimum?: number;
	maximum?: number;
	minItems?: number;
	maxItems?: number;
	enum?: readonly (string | number)[];
};
type Bodies = typeof CONSTRAINTS;

export function rule<B extends keyof Bodies>(body: B, field: keyof Bodies[B] & string): Rule {
	return (CONSTRAINTS[body] as Record<string, Rule>)[field] ?? { required: false };
}

/** "Required, at most 2000 characters." and the like, in the person's language. */
export function limitHint(r: Rule): string {
	const parts: string[] = [r.required ? tc('limit.required') : tc('limit.optional')];
	if (r.minLength !== undefined && r.minLength > 1) parts.push(tc('limit.minLength', { n: r.minLength }));
	if (r.maxLength !== undefined) parts.push(tc('limit.maxLength', { n: r.maxLength }));
	if (r.minimum !== undefined && r.maximum !== undefined) parts.push(tc('limit.range', { min: r.minimum, max: r.maximum }));
	else if (r.minimum !== undefined) parts.push(tc('limit.minimum', { n: r.minimum }));
	else if (r.maximum !== undefined) parts.push(tc('limit.maximum', { n: r.maximum }));
	if (r.minItems !== undefined && r.minItems > 0) parts.push(tc('limit.minItems', { n: r.minItems }));
	if (r.maxItems !== undefined) parts.push(tc('limit.maxItems', { n: r.maxItems }));
	return parts.join(tc('limit.separator')) + '.';
}

/** Why the API would refuse `value`, or null. Text is measured as the server does: by
 * characters (code points), with surrounding blanks included. */
export function refusal(r: Rule, value: string | number | readonly unknown[] | null | undefined): string | null {
	const empty = value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
	if (empty) return r.required || (r.minItems ?? 0) > 0 ? t('field.required') : null;
	if (typeof value === 'string') {
		const n = [...value].length;
		if (r.minLength !== undefined && n < r.minLength) return t('field.tooShort', { n: r.minLength });
		if (r.maxLength !== undefined && n > r.maxLength) return t('field.tooLong', { n: r.maxLength });
		if (r.enum && !r.enum.includes(value)) return t('field.choice');
		return null;
	}
	if (typeof value === 'number') {
		if (!Number.isInteger(value)) return t('field.number');
		if (r.minimum !== undefined && value < r.minimum) return t('field.min', { n: r.minimum });
		if (r.maximum !== undefined && value > r.maximum) return t('field.max', { n: r.maximum });
		return null;
	}
	if (Array.isArray(value)) {
		if (r.minItems !== undefined && value.length < r.minItems) return tc('limit.minItems', { n: r.minItems });
		if (r.maxItems !== undefined && value.length > r.maxItems) return tc('limit.maxItems', { n: r.maxItems });
	}
	return null;
}

/** Characters typed against the field's maximum, for a live counter. */
export function counter(value: string, r: Rule): string {
	return r.maxLength === undefined ? '' : tc('limit.counter', { n: [...value].length, max: r.maxLength });
}
