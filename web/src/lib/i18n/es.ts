import { en, type MessageKey } from './en';

// TODO translate
export const es: Record<MessageKey, string> = { ...en };
