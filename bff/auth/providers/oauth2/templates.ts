/**
 * `{name}` placeholders in profile strings. In URL templates `{baseUrl}` is inserted as is (it is
 * the URL's start) and every other value is percent-encoded (it lands inside a query); parameter
 * values are inserted raw because URLSearchParams / JSON encode them afterwards.
 */
import type { ParamValues } from './profile-schema.js';

const PLACEHOLDER = /\{([\w.[\]]+)\}/g;

export type Lookup = (name: string) => string | undefined;

export class TemplateError extends Error {
  override name = 'TemplateError';
}

function fill(template: string, lookup: Lookup, encode: (value: string, name: string) => string): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = lookup(name);
    if (value === undefined) throw new TemplateError(`模板占位符 {${name}} 没有取值 / no value for {${name}}`);
    return encode(value, name);
  });
}

export function fillUrl(template: string, lookup: Lookup): URL {
  return new URL(
    fill(template, lookup, (value, name) =>
      name === 'baseUrl' ? value.replace(/\/+$/, '') : encodeURIComponent(value),
    ),
  );
}

export function fillText(template: string, lookup: Lookup): string {
  return fill(template, lookup, (value) => value);
}

/** Resolves fixed parameters; an object value is sent as one JSON text parameter (Epoint `params={…}`). */
export function resolveParams(params: ParamValues, lookup: Lookup): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'object') {
      const inner: Record<string, string | number | boolean> = {};
      for (const [key, part] of Object.entries(value))
        inner[key] = typeof part === 'string' ? fillText(part, lookup) : part;
      resolved[name] = JSON.stringify(inner);
    } else {
      resolved[name] = typeof value === 'string' ? fillText(value, lookup) : String(value);
    }
  }
  return resolved;
}
