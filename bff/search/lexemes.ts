/**
 * tsvector / tsquery literals written in JavaScript. PostgreSQL's parsers never see the Chinese text:
 * lexemes go in quoted, exactly as jieba produced them, so PGlite (no zhparser) and PostgreSQL store
 * and match byte-identical lexemes. Namespaces keep pinyin apart from words: `py:` initials, `fp:`
 * full pinyin.
 */

export type Weight = 'A' | 'B' | 'C' | 'D';

/** A quoted lexeme: quotes and backslashes doubled / escaped as tsvector and tsquery input requires. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

// PostgreSQL limits: positions 1..16383, at most 256 positions per lexeme. A few per lexeme are
// enough for ranking; the rest would only grow the document.
const MAX_POSITION = 16_383;
const POSITIONS_PER_LEXEME = 8;

/** Collects weighted lexemes in document order and renders one tsvector literal. */
export class DocumentBuilder {
  private position = 0;
  private readonly entries = new Map<string, string[]>();

  add(lexemes: Iterable<string>, weight: Weight): this {
    for (const lexeme of lexemes) {
      if (lexeme === '' || lexeme.length > 200) continue;
      this.position = Math.min(MAX_POSITION, this.position + 1);
      const positions = this.entries.get(lexeme) ?? [];
      if (positions.length < POSITIONS_PER_LEXEME) positions.push(`${this.position}${weight === 'D' ? '' : weight}`);
      this.entries.set(lexeme, positions);
    }
    return this;
  }

  toLiteral(): string {
    return [...this.entries].map(([lexeme, positions]) => `${quoteLexeme(lexeme)}:${positions.join(',')}`).join(' ');
  }
}

/** `a & b`, `a | b`: skips empty parts; parenthesises composite parts. */
export function tsAnd(parts: readonly string[]): string {
  return join(parts, ' & ');
}

export function tsOr(parts: readonly string[]): string {
  return join(parts, ' | ');
}

function join(parts: readonly string[], operator: string): string {
  const kept = parts.filter((part) => part !== '');
  if (kept.length <= 1) return kept[0] ?? '';
  return kept.map((part) => (/[&|]/.test(part) ? `(${part})` : part)).join(operator);
}

export const term = (lexeme: string): string => quoteLexeme(lexeme);
export const prefix = (lexeme: string): string => `${quoteLexeme(lexeme)}:*`;
