/**
 * Input validation for the personal-space API with zod: the first problem becomes a 400 whose
 * message a resident can read, naming the field in Chinese. Unknown query parameters are ignored
 * (cache busters, analytics tags a host page adds).
 *
 * bff/api/items/params.ts has the same parseParams with the navigation API's field names.
 */
import { z, type ZodType } from 'zod';
import { badRequest } from '../../http/errors.js';

/** Parses or throws AppError 400 with the first problem in plain Chinese. */
export function parseInput<T>(schema: ZodType<T>, input: unknown, fieldNames: Readonly<Record<string, string>>): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = String(issue?.path[0] ?? '');
  const name = fieldNames[field] ?? field;
  // The message names the field, never echoes the value: it may be an ID number typed in the wrong box.
  throw badRequest(name ? `“${name}”有误：${issue?.message ?? '格式不正确'}` : '请求内容有误，请检查后重试');
}

/** `?limit=` for a page of a personal list. */
export const pageLimit = (max: number, fallback: number) =>
  z.coerce.number().int('应为整数').min(1, '至少为1').max(max, `不能超过${max}`).default(fallback);

/** `?cursor=`: opaque, checked by decodeCursor. */
export const cursorParam = z.string().max(600, '过长').optional();

/** JSON body of a POST, or 400 when it is not a JSON object. */
export async function jsonBody(request: { json(): Promise<unknown> }): Promise<unknown> {
  try {
    const body = await request.json();
    if (body && typeof body === 'object' && !Array.isArray(body)) return body;
  } catch {
    // fall through: not JSON
  }
  throw badRequest('请求内容不是有效的 JSON 对象');
}
