/**
 * One CSV record (RFC 4180: comma-separated, fields optionally in double quotes, a quote inside a
 * quoted field doubled) split into fields. Strict where RFC 4180 is: a quote inside an unquoted field
 * or text after a closing quote is an error, not a guess — a vendor's broken export must be visible.
 */

export type CsvFields = { ok: true; fields: string[] } | { ok: false; reason: string };

export function parseCsvRecord(text: string): CsvFields {
  const fields: string[] = [];
  const n = text.length;
  let i = 0;
  for (;;) {
    let value: string;
    if (text.charCodeAt(i) === 34 /* " */) {
      value = '';
      i += 1;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close === -1) return { ok: false, reason: '引号没有闭合' };
        value += text.slice(i, close);
        if (text.charCodeAt(close + 1) === 34) {
          value += '"';
          i = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      if (i < n && text.charCodeAt(i) !== 44 /* , */)
        return { ok: false, reason: `第 ${fields.length + 1} 列的右引号后还有字符` };
    } else {
      const comma = text.indexOf(',', i);
      const end = comma === -1 ? n : comma;
      value = text.slice(i, end);
      if (value.includes('"')) return { ok: false, reason: `第 ${fields.length + 1} 列没有用引号括起来却含有引号` };
      i = end;
    }
    fields.push(value);
    if (i >= n) return { ok: true, fields };
    i += 1; // the comma
    if (i === n) {
      fields.push('');
      return { ok: true, fields };
    }
  }
}

/** Number of double quotes: a record continues on the next line while this is odd (RFC 4180 §2.6). */
export function countQuotes(text: string): number {
  let count = 0;
  for (let at = text.indexOf('"'); at !== -1; at = text.indexOf('"', at + 1)) count += 1;
  return count;
}
