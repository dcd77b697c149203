/**
 * The only HTML the identity area renders: a plain Chinese page for a login that cannot finish
 * (a person is looking at it, after a top-level redirect, so JSON would be useless). No script.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** `back`: where 返回网站 leads; left out when the site is unknown (a request for a Host we do not serve). */
export function loginErrorPage(
  c: Context,
  status: ContentfulStatusCode,
  message: string,
  back: string | undefined,
): Response {
  c.header('Cache-Control', 'no-store');
  return c.html(
    `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>登录未完成</title></head>
<body style="font: 18px/1.6 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
<h1>登录未完成</h1>
<p>${escapeHtml(message)}</p>
${back === undefined ? '' : `<p><a href="${escapeHtml(back)}">返回网站</a></p>\n`}</body>
</html>
`,
    status,
  );
}
