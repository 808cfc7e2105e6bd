// A module's form (POST /projects/{pid}/modules, PATCH /modules/{mid}): its type, title and
// description per language, its window (datetime-local inputs, the person's time zone), who
// sees its results, and a budget's rules; what the API would refuse, by the field it would
// name (`closes_at`, `settings.max_choices`...); and a budget's phases, which PATCH moves
// forward one step at a time (`settings.phase`).
import type { Locale } from '../i18n/index.svelte';
import { t } from '../i18n/index.svelte';
import { tc } from '../i18n/console/index.svelte';
import { CONSTRAINTS } from '../api/constraints';
import { refusal, rule } from './limits';
import { changedTexts, textsBody, textsRefusals, type Texts } from './localised';

export const TYPES = CONSTRAINTS.ModuleIn.type.enum;
export const RESULTS = CONSTRAINTS.ModuleSettings.results.enum;
export const PHASES = CONSTRAINTS.ModuleSettings.phase.enum;
export type ModuleType = (typeof TYPES)[number];
export type Results = (typeof RESULTS)[number];
export type Phase = (typeof PHASES)[number];

// The server's defaults and domain rules (modules.DEFAULT_RESULTS, modules.MAX_SPAN,
// budget_rules: min_choices 1 and max_choices 40 unless given, max at least min and 1).
export const DEFAULT_RESULTS: Record<ModuleType, Results> = { debate: 'public', ideas: 'public', map: 'public', questionnaire: 'after_close', budget: 'after_close' };
export const MAX_SPAN_DAYS = 5 * 365;
export const DEFAULT_MIN_CHOICES = 1;
export const DEFAULT_MAX_CHOICES = 40;

export type ModuleForm = {
	type: ModuleType;
	title: Texts;
	description: Texts;
	opens: string;
	closes: string;
	results: Results;
	budget_total: number | null;
	min_choices: number | null;
	max_choices: number | null;
	/** A new budget runs in phases from `proposals` (else ideas and ballots go together). */
	phased: boolean;
	/** A map's start (`settings.center`): all three or none. */
	center_lat: number | null;
	center_lon: number | null;
	center_zoom: number | null;
};

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO time as a datetime-local value, in the browser's time zone (to the minute). */
export function toLocalInput(iso: string | null | undefined): string {
	if (!iso) return '';
	const d = new Date(iso);
	if (Number.isNaN(d.getTime())) return '';
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value as the API takes it (ISO 8601, UTC), or null. */
export function fromLocalInput(value: string): string | null {
	const ms = value ? Date.parse(value) : NaN;
	return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function emptyModule(type: ModuleType = 'ideas', now = Date.now()): ModuleForm {
	return {
		type, title: {}, description: {}, opens: toLocalInput(new Date(now).toISOString()),
		closes: toLocalInput(new Date(now + 30 * 86_400_000).toISOString()), results: DEFAULT_RESULTS[type],
		budget_total: null, min_choices: DEFAULT_MIN_CHOICES, max_choices: null, phased: true,
		center_lat: null, center_lon: null, center_zoom: null
	};
}

type Stored = { type: ModuleType; title: string; description: string; locale?: string | null; opens_at: string; closes_at: string; settings: Record<string, unknown>; translations?: { title?: Record<string, string> | null; description?: Record<string, string> | null } | null };

/** The form of a stored module (an answer of the API to an admin). */
export function moduleFormOf(m: Stored, fallback: Locale, unescape: (s: string) => string = (s) => s): ModuleForm {
	const texts = (map: Record<string, string> | null | undefined, one: string): Texts => {
		const source = map && Object.keys(map).length ? map : one ? { [m.locale ?? fallback]: one } : {};
		return Object.fromEntries(Object.entries(source).map(([k, v]) => [k, unescape(v)])) as Texts;
	};
	const s = m.settings;
	const num = (v: unknown) => (typeof v === 'number' ? v : null);
	const center = (s.center ?? {}) as { lat?: unknown; lon?: unknown; zoom?: unknown };
	return {
		type: m.type, title: texts(m.translations?.title, m.title), description: texts(m.translations?.description, m.description),
		opens: toLocalInput(m.opens_at), closes: toLocalInput(m.closes_at),
		results: (RESULTS as readonly string[]).includes(s.results as string) ? (s.results as Results) : DEFAULT_RESULTS[m.type],
		budget_total: num(s.budget_total), min_choices: num(s.min_choices), max_choices: num(s.max_choices), phased: typeof s.phase === 'string',
		center_lat: num(center.lat), center_lon: num(center.lon), center_zoom: num(center.zoom)
	};
}

const BUDGET = ['budget_total', 'min_choices', 'max_choices'] as const;
const numberOrNull = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));

function windowRefusals(form: ModuleForm, creating: boolean): Record<string, string> {
	const out: Record<string, string> = {};
	const opens = fromLocalInput(form.opens);
	const closes = fromLocalInput(form.closes);
	for (const [field, value, parsed] of [['opens_at', form.opens, opens], ['closes_at', form.closes, closes]] as const) {
		if (!value && creating) out[field] = t('field.required');
		else if (value && !parsed) out[field] = t('field.invalid');
	}
	if (opens && closes && !out.closes_at) {
		const span = Date.parse(closes) - Date.parse(opens);
		if (span <= 0) out.closes_at = tc('build.closesAfterOpens');
		else if (span > MAX_SPAN_DAYS * 86_400_000) out.closes_at = tc('build.tooLong');
	}
	return out;
}

function budgetRefusals(form: ModuleForm, locked: boolean, before: ModuleForm | null): Record<string, string> {
	const out: Record<string, string> = {};
	if (form.type !== 'budget') return out;
	if (locked && before && BUDGET.some((k) => numberOrNull(form[k]) !== numberOrNull(before[k]))) {
		for (const k of BUDGET) if (numberOrNull(form[k]) !== numberOrNull(before[k])) out[`settings.${k}`] = tc('build.ballotsCast');
		return out;
	}
	const total = refusal({ ...rule('ModuleSettings', 'budget_total'), required: true }, numberOrNull(form.budget_total));
	if (total) out['settings.budget_total'] = total;
	const low = numberOrNull(form.min_choices);
	const high = numberOrNull(form.max_choices);
	const lowWhy = refusal(rule('ModuleSettings', 'min_choices'), low);
	const highWhy = refusal(rule('ModuleSettings', 'max_choices'), high);
	if (lowWhy) out['settings.min_choices'] = lowWhy;
	if (highWhy) out['settings.max_choices'] = highWhy;
	else if (!lowWhy && high !== null && high < Math.max(low ?? DEFAULT_MIN_CHOICES, 1)) out['settings.max_choices'] = tc('build.maxAtLeastMin');
	return out;
}

const CENTER = ['lat', 'lon', 'zoom'] as const;
const centerOf = (form: ModuleForm) => ({ lat: numberOrNull(form.center_lat), lon: numberOrNull(form.center_lon), zoom: numberOrNull(form.center_zoom) });

/** A map's start: all three or none (a start once set moves, it is not removed); each in
 * CenterIn's range, the zoom a whole number. */
function centerRefusals(form: ModuleForm, before: ModuleForm | null): Record<string, string> {
	const out: Record<string, string> = {};
	if (form.type !== 'map') return out;
	const c = centerOf(form);
	const given = CENTER.filter((k) => c[k] !== null);
	const had = before && before.center_lat !== null;
	if (!given.length && !had) return out;
	for (const k of CENTER) {
		const v = c[k];
		const r = rule('CenterIn', k);
		if (v === null) out[`settings.center.${k}`] = had ? tc('build.centerKept') : t('field.required');
		else if (!Number.isFinite(v) || (k === 'zoom' && !Number.isInteger(v))) out[`settings.center.${k}`] = k === 'zoom' ? t('field.number') : t('field.invalid');
		else if (r.minimum !== undefined && v < r.minimum) out[`settings.center.${k}`] = t('field.min', { n: r.minimum });
		else if (r.maximum !== undefined && v > r.maximum) out[`settings.center.${k}`] = t('field.max', { n: r.maximum });
	}
	return out;
}

/** Field -> why the API would refuse the form. `before`: the stored module (an edit) or
 * null (a creation); `ballots`: ballots cast, after which a budget's rules are fixed. */
export function moduleRefusals(form: ModuleForm, before: ModuleForm | null, languages: readonly Locale[], ballots = 0): Record<string, string> {
	const body = before ? 'ModulePatch' : 'ModuleIn';
	return {
		...textsRefusals('title', form.title, before?.title ?? null, languages, { ...rule(body, 'title'), required: true }),
		...textsRefusals('description', form.description, before?.description ?? null, languages, rule(body, 'description')),
		...(refusal(rule('ModuleIn', 'type'), form.type) ? { type: t('field.choice') } : {}),
		...windowRefusals(form, !before),
		...budgetRefusals(form, ballots > 0, before),
		...centerRefusals(form, before)
	};
}

function budgetSettings(form: ModuleForm) {
	const out: Record<string, number> = {};
	for (const k of BUDGET) {
		const v = numberOrNull(form[k]);
		if (v !== null) out[k] = v;
	}
	return out;
}

export function moduleBody(form: ModuleForm, languages: readonly Locale[]) {
	const description = textsBody(form.description, languages);
	const budget = form.type === 'budget' ? { ...budgetSettings(form), ...(form.phased ? { phase: 'proposals' as const } : {}) } : {};
	const c = centerOf(form);
	const center = form.type === 'map' && c.lat !== null && c.lon !== null && c.zoom !== null ? { center: c as { lat: number; lon: number; zoom: number } } : {};
	return {
		type: form.type, title: textsBody(form.title, languages) ?? {}, ...(description ? { description } : {}),
		opens_at: fromLocalInput(form.opens) ?? '', closes_at: fromLocalInput(form.closes) ?? '',
		settings: { results: form.results, ...budget, ...center }
	};
}

/** Only what changed (the window to the minute shown; a phase moves with `nextPhase`). */
export function moduleChanges(form: ModuleForm, before: ModuleForm, languages: readonly Locale[]) {
	const title = changedTexts(form.title, before.title, languages);
	const description = changedTexts(form.description, before.description, languages);
	const settings: Record<string, unknown> = {};
	if (form.results !== before.results) settings.results = form.results;
	const c = centerOf(form);
	const b = centerOf(before);
	if (form.type === 'map' && c.lat !== null && c.lon !== null && c.zoom !== null && CENTER.some((k) => c[k] !== b[k])) settings.center = c;
	if (form.type === 'budget') for (const k of BUDGET) if (numberOrNull(form[k]) !== numberOrNull(before[k]) && numberOrNull(form[k]) !== null) settings[k] = numberOrNull(form[k]);
	return {
		...(title ? { title } : {}), ...(description ? { description } : {}),
		...(form.opens !== before.opens && fromLocalInput(form.opens) ? { opens_at: fromLocalInput(form.opens)! } : {}),
		...(form.closes !== before.closes && fromLocalInput(form.closes) ? { closes_at: fromLocalInput(form.closes)! } : {}),
		...(Object.keys(settings).length ? { settings } : {})
	};
}

/** The phase a budget moves to next (a budget without phases adopts them from the first),
 * or null after the last. */
export function nextPhase(phase: string | null | undefined): Phase | null {
	if (!phase) return PHASES[0];
	const at = (PHASES as readonly string[]).indexOf(phase);
	return at >= 0 && at + 1 < PHASES.length ? PHASES[at + 1] : null;
}

/** Why the API would refuse moving on (422 wrong_phase), or null. */
export function phaseMoveRefusal(phase: string | null | undefined, ballots: number): string | null {
	if (!phase && ballots > 0) return tc('build.phaseAfterBallots');
	if (!nextPhase(phase)) return tc('build.phaseLast');
	return null;
}
