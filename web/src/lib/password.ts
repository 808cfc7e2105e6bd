// Password strength feedback while typing (the server has the last word: it names the field).
export type Strength = { score: 0 | 1 | 2 | 3 | 4; hints: ('length' | 'variety' | 'common' | 'personal')[] };

const COMMON = ['password', 'motdepasse', 'passwort', 'contraseña', '123456', 'qwerty', 'azerty',
	'letmein', 'welcome', 'admin', 'iloveyou', 'agora', '000000', '111111', 'abc123'];

export function strength(password: string, personal: string[] = []): Strength {
	const hints: Strength['hints'] = [];
	const lower = password.toLowerCase();
	let score = 0;
	if (password.length >= 10) score++;
	if (password.length >= 14) score++;
	if (password.length >= 20) score++;
	const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
	if (classes >= 3 || (password.length >= 16 && /\s/.test(password))) score++;
	if (password.length < 10) hints.push('length');
	if (classes < 2 && password.length < 16) hints.push('variety');
	if (COMMON.some((w) => lower.includes(w)) || /^(.)\1+$/.test(password)) {
		hints.push('common');
		score = Math.min(score, 1);
	}
	const parts = personal.flatMap((p) => p.toLowerCase().split(/[@.\s]+/)).filter((p) => p.length >= 3);
	if (parts.some((p) => lower.includes(p))) {
		hints.push('personal');
		score = Math.min(score, 1);
	}
	return { score: Math.max(0, Math.min(4, score)) as Strength['score'], hints };
}
