/** zh-CN is the source locale; en is the second. Anything else falls back to the source. */
export type Locale = 'zh-CN' | 'en';

/** A widget's strings: the zh-CN table is complete, en may omit keys (they fall back to zh-CN). */
export interface Strings {
  'zh-CN': Record<string, string>;
  en: Partial<Record<string, string>>;
}

export type MessageParams = Record<string, string | number>;

export function normalizeLocale(lang: string | null | undefined): Locale {
  return /^en\b/i.test(lang ?? '') ? 'en' : 'zh-CN';
}

/** Replaces `{name}` placeholders; an unknown placeholder stays visible so a missing param is noticed. */
export function format(template: string, params?: MessageParams): string {
  return params ? template.replace(/\{(\w+)\}/g, (all, name: string) => String(params[name] ?? all)) : template;
}

export function translate(strings: Strings, locale: Locale, key: string, params?: MessageParams): string {
  return format(strings[locale][key] ?? strings['zh-CN'][key] ?? key, params);
}
