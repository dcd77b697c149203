/**
 * DropLine builders shared by the JSONL and CSV readers: a line that is not a row says why, in plain
 * Chinese, with its raw text for the quarantine. The raw text goes through the PII masker first — a
 * broken line has no columns to know which text is an ID number — and is cut to a readable length.
 */
import { maskPiiInText } from '../../../privacy/pii.js';
import type { DropLine } from '../../contracts.js';

const RAW_LIMIT = 4000;

export type DropErrorCode = 'bad_json' | 'bad_csv' | 'bad_encoding' | 'too_long';

export function rawText(text: string): string {
  const masked = maskPiiInText(text);
  return masked.length > RAW_LIMIT ? `${masked.slice(0, RAW_LIMIT)}…` : masked;
}

export function lineError(line: number, code: DropErrorCode, message: string, raw: string): DropLine {
  return { line, error: { code, message }, raw: rawText(raw) };
}

/** Strict UTF-8: invalid bytes are an error, not a silent U+FFFD. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of a line, or null when its bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

export function lossyText(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

export const messages = {
  encoding: (line: number) => `第 ${line} 行含有无法识别的字符（不是有效的 UTF-8 编码，请按 UTF-8 另存后重新投递）`,
  tooLong: (line: number, max: number) => `第 ${line} 行过长（超过 ${Math.round(max / 1024)} KB），未读取`,
  badJson: (line: number, reason: string) => `第 ${line} 行不是完整有效的 JSON（${reason}）`,
  notObject: (line: number) => `第 ${line} 行应为一个 JSON 对象（{…}），键为前置表的列名`,
};
