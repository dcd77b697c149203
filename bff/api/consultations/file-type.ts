/**
 * What an uploaded file really is, read from its first bytes — never from the declared media type or
 * the name, which the sender chooses freely (an HTML page named photo.png and sent as image/png is
 * still HTML). Only three kinds are accepted: PNG, JPEG and PDF. Everything else — HTML, SVG (which
 * can carry script), executables, archives — is refused with a plain-Chinese reason.
 *
 * The name is cleaned for display and for Content-Disposition: no path, no control or bidi-override
 * characters (U+202E makes "gpj.exe" look like "exe.jpg"), no characters file systems reject, PII
 * masked, and an extension that matches the content, so a download can never be saved as .html.
 */
import { maskPiiInText } from '../../privacy/pii.js';

export type AcceptedType = 'image/png' | 'image/jpeg' | 'application/pdf';

export const ACCEPTED_TYPES: readonly AcceptedType[] = ['image/png', 'image/jpeg', 'application/pdf'];

const EXTENSION_OF: Record<AcceptedType, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'application/pdf': '.pdf',
};
const EXTENSIONS_OF: Record<AcceptedType, readonly string[]> = {
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg', '.jpe'],
  'application/pdf': ['.pdf'],
};

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0): boolean =>
  bytes.length >= at + signature.length && signature.every((byte, i) => bytes[at + i] === byte);

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const IHDR = [0x49, 0x48, 0x44, 0x52];
const JPEG = [0xff, 0xd8, 0xff];
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

/** The accepted type the content is, or null. */
export function sniffType(bytes: Uint8Array): AcceptedType | null {
  // PNG: the 8-byte signature, then the IHDR chunk must come first (a bare signature is not an image).
  if (startsWith(bytes, PNG) && startsWith(bytes, IHDR, 12)) return 'image/png';
  // JPEG: SOI then a marker (APPn, DQT, SOF, DHT, COM …); 0xFF 0xD8 0xFF alone could be anything.
  if (startsWith(bytes, JPEG) && bytes.length > 4 && (bytes[3] as number) >= 0xc0 && bytes[3] !== 0xff)
    return 'image/jpeg';
  // PDF: the header at offset 0 followed by a version digit (1.x, 2.0).
  if (startsWith(bytes, PDF) && bytes.length > 5 && (bytes[5] as number) >= 0x31 && (bytes[5] as number) <= 0x32)
    return 'application/pdf';
  return null;
}

/** What a refused file looks like, for a message that helps the person pick the right file. */
export function refusalFor(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1').trimStart().toLowerCase();
  if (startsWith(bytes, [0x4d, 0x5a]) || startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46]))
    return '该文件是可执行程序，不能作为附件上传。请上传 PNG、JPEG 图片或 PDF 文件';
  if (head.startsWith('<?xml') || head.includes('<svg'))
    return '不支持 SVG 等矢量图或 XML 文件，请将图片另存为 PNG 或 JPEG 后上传';
  if (head.startsWith('<') || head.includes('<html') || head.includes('<script'))
    return '该文件实际是网页（HTML）内容，不能作为附件上传。请上传 PNG、JPEG 图片或 PDF 文件';
  return '文件内容不是 PNG、JPEG 图片或 PDF 文件（按文件实际内容判断，与扩展名无关），请换一个文件';
}

const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
const RESERVED = /[<>:"/\\|?*]/g;
const MAX_NAME = 100;

/** A safe display name with an extension matching `type`. */
export function cleanFileName(raw: string, type: AcceptedType): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  let name = base
    .normalize('NFC')
    .replace(CONTROL_OR_FORMAT, '')
    .replace(RESERVED, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  name = maskPiiInText(name);
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot).toLowerCase() : '';
  let stem = EXTENSIONS_OF[type].includes(extension) ? name.slice(0, dot) : name;
  stem = stem.replace(/[.\s]+$/g, '');
  // Characters, not UTF-16 units, so a Chinese name is never cut through a surrogate pair.
  const chars = [...stem];
  if (chars.length > MAX_NAME) stem = chars.slice(0, MAX_NAME).join('').trim();
  return `${stem || '附件'}${EXTENSION_OF[type]}`;
}

/** `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / 8187). */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
