import type {
  AttachmentRef,
  ContactPreference,
  TicketFormOptions,
  TicketKind,
  TicketSubmission,
} from '../../bff/api/contracts/consultations.js';
import { BffError, getBffClient } from '../runtime/index.js';

export type LinkKind = '' | 'item' | 'dept' | 'case';

export interface TicketDraft {
  kind: TicketKind | '';
  title: string;
  content: string;
  linkKind: LinkKind;
  linkCode: string;
  contact: ContactPreference;
  isPublic: boolean;
  /** A 差评 of mine this 投诉 follows up (MyEvaluation.id), '' for none. */
  evaluationId: string;
}

/** A file picked for upload and where it stands. */
export interface PickedFile {
  key: number;
  name: string;
  size: number;
  state: 'checking' | 'uploading' | 'done' | 'refused';
  /** 0–100 while uploading. */
  percent: number;
  ref?: AttachmentRef;
  /** Why it was refused (already in the user's words). */
  message?: string;
  abort?: () => void;
}

/** A message key and its parameters; the element translates. */
export interface Problem {
  key: string;
  params?: Record<string, string | number>;
}
export type DraftErrors = Partial<Record<'kind' | 'title' | 'content' | 'linkCode' | 'files', Problem>>;

export const emptyDraft = (): TicketDraft => ({
  kind: 'consult',
  title: '',
  content: '',
  linkKind: '',
  linkCode: '',
  contact: 'site',
  isPublic: false,
  evaluationId: '',
});

/** Characters as people count them (an emoji or a rare 汉字 outside the BMP is one). */
export const textLength = (text: string): number => [...text.trim()].length;

/** 统一社会信用代码 (GB 32100), 实施编码 (USCC + level + 12 digits), 办件编号: shape only; the BFF checks existence. */
const CODE_SHAPES: Record<Exclude<LinkKind, ''>, RegExp> = {
  dept: /^[0-9A-HJ-NPQRTUWXY]{18}$/,
  item: /^[0-9A-Z]{18}\d{13}$/,
  case: /^[0-9A-Za-z-]{8,40}$/,
};
export const CODE_KEYS = { item: 'codeItem', dept: 'codeDept', case: 'codeCase' } as const;

export function validateDraft(options: TicketFormOptions, draft: TicketDraft, files: PickedFile[]): DraftErrors | null {
  const errors: DraftErrors = {};
  if (!draft.kind) errors.kind = { key: 'kindRequired' };
  const title = textLength(draft.title);
  if (title < 2) errors.title = { key: 'titleShort' };
  else if (title > options.titleMaxLength) errors.title = { key: 'titleLong', params: { max: options.titleMaxLength } };
  const content = textLength(draft.content);
  if (content < 5) errors.content = { key: 'contentShort' };
  else if (content > options.contentMaxLength)
    errors.content = {
      key: 'contentLong',
      params: { max: options.contentMaxLength, count: content - options.contentMaxLength },
    };
  const code = draft.linkCode.trim();
  if (draft.linkKind) {
    const what = CODE_KEYS[draft.linkKind];
    if (!code) errors.linkCode = { key: 'codeRequired', params: { what } };
    else if (!CODE_SHAPES[draft.linkKind].test(code)) errors.linkCode = { key: 'codeInvalid', params: { what } };
  }
  if (files.some((file) => file.state === 'uploading' || file.state === 'checking'))
    errors.files = { key: 'waitUpload' };
  return Object.keys(errors).length ? errors : null;
}

export function submission(draft: TicketDraft, files: PickedFile[], clientToken: string): TicketSubmission {
  const code = draft.linkCode.trim();
  const link = { item: 'itemCode', dept: 'deptCode', case: 'projectNo' } as const;
  const ids = files.flatMap((file) => (file.state === 'done' && file.ref ? [file.ref.id] : []));
  return {
    kind: draft.kind as TicketKind,
    title: draft.title.trim(),
    content: draft.content.trim(),
    ...(draft.linkKind && code ? { [link[draft.linkKind]]: code } : {}),
    ...(ids.length ? { attachmentIds: ids } : {}),
    // Sent whatever the kind: the BFF's refusal of a linked 咨询 says to choose 投诉, in words the user can act on.
    ...(draft.evaluationId ? { evaluationId: draft.evaluationId } : {}),
    contactPreference: draft.contact,
    isPublic: draft.isPublic,
    clientToken,
  };
}

/** Random enough to tell one draft from another; randomUUID needs a secure context, which a gov site may lack. */
export function newClientToken(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return [...crypto.getRandomValues(new Uint8Array(16))].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

const MAGIC: Record<string, number[]> = {
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d],
};

/**
 * Checks a picked file before any byte leaves the browser: declared type, size, and — where we know the format's
 * signature — whether the content is what the type claims (an HTML page renamed to .png is refused here). The BFF
 * checks again by content; this only spares the user an upload that would be refused.
 */
export async function checkFile(file: File, options: TicketFormOptions): Promise<Problem | null> {
  const size = formatSize(options.maxAttachmentBytes);
  if (!options.acceptedTypes.includes(file.type)) return { key: 'badType' };
  if (file.size > options.maxAttachmentBytes) return { key: 'tooBig', params: { size } };
  const magic = MAGIC[file.type];
  if (!magic) return null;
  const head = new Uint8Array(await file.slice(0, magic.length).arrayBuffer());
  return magic.every((byte, index) => head[index] === byte)
    ? null
    : { key: 'lying', params: { type: file.type.split('/')[1]?.toUpperCase() ?? file.type } };
}

export function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * `POST /api/v1/consultations/attachments` as multipart. XMLHttpRequest, not the runtime's client: only XHR reports
 * upload progress, and the client sends JSON only (the runtime chunk has no room for a second body type). Same
 * credentials and X-CSRF header as the client; failures become the same BffError.
 */
export function upload(
  file: File,
  onProgress: (percent: number) => void,
): { done: Promise<AttachmentRef>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<AttachmentRef>((resolve, reject) => {
    xhr.open('POST', `${getBffClient().base}/api/v1/consultations/attachments`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('X-CSRF', '1');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) =>
      event.lengthComputable && onProgress(Math.round((event.loaded / event.total) * 100));
    xhr.onload = () => {
      const body = xhr.response as (AttachmentRef & { error?: { code?: string; message?: string } }) | null;
      if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body);
      else
        reject(
          new BffError(
            body?.error?.code ?? 'http_error',
            xhr.status,
            body?.error?.message ?? '上传没有成功，请稍后再试',
          ),
        );
    };
    xhr.onerror = () => reject(new BffError('network_error', 0, '网络连接失败，请检查网络后再试'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
