import { en, type MessageKey } from './en';

// TODO translate
export const de: Record<MessageKey, string> = { ...en };
