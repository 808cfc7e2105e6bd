import { en, type MessageKey } from './en';

// TODO translate
export const fr: Record<MessageKey, string> = { ...en };
