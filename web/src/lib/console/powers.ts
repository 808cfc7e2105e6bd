// What the console shows a person in a community: the API decides what each may do (and
// refuses the rest); the app only hides what they cannot do. Community admins and
// platform admins administer and moderate; moderators moderate.
export type Role = 'member' | 'moderator' | 'admin' | null | undefined;
export type Powers = { moderate: boolean; administer: boolean };

export function powers(platformAdmin: boolean | undefined, role: Role): Powers {
	const administer = Boolean(platformAdmin) || role === 'admin';
	return { administer, moderate: administer || role === 'moderator' };
}

/** Whether the console's link is shown: a platform admin, or staff of some community. */
export function seesConsole(platformAdmin: boolean | undefined, roles: Role[]): boolean {
	return Boolean(platformAdmin) || roles.some((r) => powers(false, r).moderate);
}
