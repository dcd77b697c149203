import { BffError, getBffClient } from '../runtime/index.js';

/**
 * `PUT` through the same rules as the runtime's client (credentials, `X-CSRF`, `{ error }` bodies as BffError).
 * Why a widget-local request: the consent contract is a PUT, the runtime client has only get/post/del, and the
 * runtime chunk is at its size budget. Move this into `BffClient` once the runtime has room.
 */
export async function putJson<T>(path: string, body: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(getBffClient().base + path, {
      method: 'PUT',
      credentials: 'include',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF': '1' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new BffError('network_error', 0, '网络连接失败，请检查网络后重试');
  }
  const data: unknown = await response.json().catch(() => undefined);
  if (response.ok) return data as T;
  const sent = (data as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  throw new BffError(
    typeof sent?.code === 'string' ? sent.code : response.status === 401 ? 'unauthorized' : 'http_error',
    response.status,
    typeof sent?.message === 'string' && sent.message ? sent.message : '请求失败，请稍后重试',
  );
}
