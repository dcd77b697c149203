/**
 * CSV drop files: the header row names the front-table columns, then one record per row (RFC 4180;
 * a quoted field may span lines). A small reader of our own rather than a CSV library, because the
 * drop contract needs what libraries here do not give: invalid UTF-8 found per physical line (Node's
 * decoders silently substitute U+FFFD), the exact record number of every refused record in file
 * order, and recovery after an unclosed quote that costs one record, not the rest of the file.
 *
 * Line numbers are data-record numbers after the header (contracts: DropLine.line for CSV), counting
 * refused records too, so `readLine(file, n)` finds the same record again. Blank lines are skipped.
 */
import type { DropLine, SourceRow } from '../../contracts.js';
import { type ByteLine, readByteLines } from './byte-lines.js';
import { countQuotes, parseCsvRecord } from './csv-record.js';
import { decodeUtf8, lineError, lossyText } from './drop-lines.js';

interface PhysicalLine {
  number: number;
  text: string;
  /** Not valid UTF-8 (text is the lossy decoding). */
  badEncoding: boolean;
  truncated: boolean;
}

function toPhysical(line: ByteLine): PhysicalLine {
  const text = line.truncated ? null : decodeUtf8(line.bytes);
  return {
    number: line.number,
    text: text ?? lossyText(line.bytes),
    badEncoding: !line.truncated && text === null,
    truncated: line.truncated,
  };
}

const HEADER_NAME = /^[A-Za-z_][\w$]*$/;

export async function* readCsvLines(path: string, maxRecordBytes: number): AsyncGenerator<DropLine> {
  let header: string[] | null = null;
  let recordNo = 0;
  /** Lines of the record being assembled (an open quote carries it over line ends). */
  let pending: PhysicalLine[] = [];
  let pendingChars = 0;
  let quotes = 0;
  /** Lines to read again after an unclosed quote was given up on. */
  const replay: PhysicalLine[] = [];

  const where = (record: number, first: number): string => `第 ${record} 条记录（文件第 ${first} 行）`;

  function* complete(lines: PhysicalLine[]): Generator<DropLine> {
    const first = lines[0] as PhysicalLine;
    const text = lines.map((l) => l.text).join('\n');
    if (header === null) {
      const parsed = parseCsvRecord(text);
      const names = parsed.ok ? parsed.fields.map((f) => f.trim()) : [];
      const unique = new Set(names);
      if (
        !parsed.ok ||
        lines.some((l) => l.badEncoding) ||
        names.some((n) => !HEADER_NAME.test(n)) ||
        unique.size !== names.length
      ) {
        header = [];
        yield lineError(
          1,
          'bad_csv',
          `表头（文件第 ${first.number} 行）有误：应为不重复的前置表列名，用英文逗号分隔；整个文件未读取`,
          text,
        );
        return;
      }
      header = names;
      return;
    }
    recordNo += 1;
    if (lines.some((l) => l.truncated)) {
      yield lineError(recordNo, 'too_long', `${where(recordNo, first.number)}过长，未读取`, text);
      return;
    }
    if (lines.some((l) => l.badEncoding)) {
      yield lineError(
        recordNo,
        'bad_encoding',
        `${where(recordNo, first.number)}含有无法识别的字符（不是有效的 UTF-8 编码）`,
        text,
      );
      return;
    }
    const parsed = parseCsvRecord(text);
    if (!parsed.ok) {
      yield lineError(recordNo, 'bad_csv', `${where(recordNo, first.number)}格式有误：${parsed.reason}`, text);
      return;
    }
    if (parsed.fields.length !== header.length) {
      yield lineError(
        recordNo,
        'bad_csv',
        `${where(recordNo, first.number)}有 ${parsed.fields.length} 列，表头有 ${header.length} 列`,
        text,
      );
      return;
    }
    const row: SourceRow = {};
    for (let i = 0; i < header.length; i += 1) row[header[i] as string] = parsed.fields[i] as string;
    yield { line: recordNo, row };
  }

  /** An open quote never closed (within the size limit, or by the end): refuse the first line, re-read the rest. */
  function* giveUp(): Generator<DropLine> {
    const [first, ...rest] = pending;
    pending = [];
    pendingChars = 0;
    quotes = 0;
    replay.unshift(...rest);
    if (!first) return;
    if (header === null) {
      header = [];
      yield lineError(1, 'bad_csv', '表头的引号没有闭合；整个文件未读取', first.text);
      return;
    }
    recordNo += 1;
    yield lineError(recordNo, 'bad_csv', `${where(recordNo, first.number)}格式有误：引号没有闭合`, first.text);
  }

  function* accept(line: PhysicalLine): Generator<DropLine> {
    if (pending.length === 0 && line.text.trim() === '' && !line.badEncoding) return;
    pending.push(line);
    pendingChars += line.text.length;
    quotes += line.truncated ? 0 : countQuotes(line.text);
    if (quotes % 2 === 0 || line.truncated) {
      const lines = pending;
      pending = [];
      pendingChars = 0;
      quotes = 0;
      yield* complete(lines);
    } else if (pendingChars > maxRecordBytes) {
      yield* giveUp();
    }
  }

  for await (const byteLine of readByteLines(path, maxRecordBytes)) {
    yield* accept(toPhysical(byteLine));
    while (replay.length > 0 && header !== null && (header as string[]).length > 0) {
      yield* accept(replay.shift() as PhysicalLine);
    }
    if (header !== null && (header as string[]).length === 0) return;
  }
  while (pending.length > 0) {
    yield* giveUp();
    while (replay.length > 0 && header !== null && (header as string[]).length > 0) {
      yield* accept(replay.shift() as PhysicalLine);
    }
  }
}
