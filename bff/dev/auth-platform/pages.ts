/**
 * HTML of the platform's own pages, in plain Chinese. No script at all, one served stylesheet, so
 * the pages run under `default-src 'none'; style-src 'self'`.
 */
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './accounts.js';

export const STYLESHEET_PATH = '/assets/platform.css';
export const FAVICON_PATH = '/favicon.svg';
/** A plain shield in the platform's brand red; SVG so it needs no binary file. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path d="M16 2 4 7v8c0 7.5 5.1 13.4 12 15 6.9-1.6 12-7.5 12-15V7z" fill="#b5121b"/><path d="m11 16 4 4 7-8" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/></svg>';
export const PLATFORM_NAME = '统一身份认证平台';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** Marks a string as already-safe markup, so templates never double-escape nor forget to escape. */
export interface Html {
  readonly html: string;
}

export function html(strings: TemplateStringsArray, ...values: (string | number | Html | Html[] | undefined)[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    if (Array.isArray(value)) out += value.map((part) => part.html).join('');
    else if (typeof value === 'object') out += value.html;
    else if (value !== undefined) out += escapeHtml(String(value));
    out += strings[index + 1] ?? '';
  });
  return { html: out };
}

/** Trusted markup produced by oidc-provider itself (its logout form). */
export function trusted(markup: string): Html {
  return { html: markup };
}

function layout(title: string, body: Html): string {
  return html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title} - ${PLATFORM_NAME}</title>
        <link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml" />
        <link rel="stylesheet" href="${STYLESHEET_PATH}" />
      </head>
      <body>
        <header class="site-header">
          <p class="site-name">${PLATFORM_NAME}<span class="env-badge">开发演示环境</span></p>
        </header>
        <main id="main" class="card">${body}</main>
        <footer class="site-footer"><p>本平台仅供开发和测试使用，账号、人员和单位信息均为虚构。</p></footer>
      </body>
    </html> `.html;
}

export interface LoginPageOptions {
  uid: string;
  clientName: string;
  username?: string;
  failed?: boolean;
}

export function loginPage({ uid, clientName, username, failed }: LoginPageOptions): string {
  const action = `/interaction/${encodeURIComponent(uid)}`;
  const error = failed
    ? html`<p class="alert" role="alert" id="login-error">账号或密码错误，请重新输入。</p>`
    : undefined;
  const invalid = failed ? html` aria-invalid="true" aria-describedby="login-error"` : html``;
  const focus = failed ? html`` : html` autofocus`;
  const demoButtons = DEMO_ACCOUNTS.map(
    (account) =>
      html`<li>
        <button
          type="submit"
          class="secondary"
          name="username"
          value="${account.username}"
          aria-describedby="demo-${account.username}"
        >
          ${account.username}
        </button>
        <span class="demo-description" id="demo-${account.username}">${account.description}</span>
      </li>`,
  );
  return layout(
    '登录',
    html`<h1>用户登录</h1>
      <p class="lead">登录后将返回：<strong>${clientName}</strong></p>
      ${error}
      <form method="post" action="${action}/login" class="stack">
        <label for="username">账号</label>
        <input
          id="username"
          name="username"
          type="text"
          autocomplete="username"
          autocapitalize="none"
          spellcheck="false"
          required
          value="${username ?? ''}"
          ${invalid}${focus}
        />
        <label for="password">密码</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required${invalid} />
        <button type="submit" class="primary">登录</button>
      </form>
      <p class="links"><a href="/register">注册账号</a></p>
      <section class="demo" aria-labelledby="demo-heading">
        <h2 id="demo-heading">演示账号</h2>
        <p>点击账号即可直接登录。所有演示账号的密码都是 <code>${DEMO_PASSWORD}</code>。</p>
        <form method="post" action="${action}/login">
          <input type="hidden" name="password" value="${DEMO_PASSWORD}" />
          <ul class="demo-list">
            ${demoButtons}
          </ul>
        </form>
      </section>
      <form method="post" action="${action}/abort" class="cancel">
        <button type="submit" class="link">取消登录，返回原网站</button>
      </form>`,
  );
}

export interface ConsentPageOptions {
  uid: string;
  clientName: string;
  scopes: string[];
}

const SCOPE_LABELS: Record<string, string> = {
  openid: '确认您的身份',
  profile: '姓名和账号名',
  phone: '手机号码',
  govdock: '用户类型、实名等级、证件信息和单位信息',
  offline_access: '在您离开后继续保持登录',
};

export function consentPage({ uid, clientName, scopes }: ConsentPageOptions): string {
  const action = `/interaction/${encodeURIComponent(uid)}`;
  const items = scopes.map((scope) => html`<li>${SCOPE_LABELS[scope] ?? scope}</li>`);
  return layout(
    '授权确认',
    html`<h1>授权确认</h1>
      <p class="lead"><strong>${clientName}</strong> 请求获取您的以下信息：</p>
      <ul class="scopes">
        ${items}
      </ul>
      <form method="post" action="${action}/confirm"><button type="submit" class="primary">同意授权</button></form>
      <form method="post" action="${action}/abort"><button type="submit" class="secondary">拒绝</button></form>`,
  );
}

export interface LogoutPageOptions {
  /** oidc-provider's hidden form (`op.logoutForm`) carrying its xsrf token. */
  form: string;
  clientName?: string;
}

export function logoutPage({ form, clientName }: LogoutPageOptions): string {
  // Without `logout=yes` oidc-provider ends only the requesting site's part of the session.
  const partial = clientName
    ? html`<button type="submit" form="op.logoutForm" class="secondary">仅退出“${clientName}”</button>`
    : html`<button type="submit" form="op.logoutForm" class="secondary">暂不退出</button>`;
  return layout(
    '退出登录',
    html`<h1>退出登录</h1>
      <p class="lead">退出统一身份认证平台后，您在所有通过本平台登录的网站上都将退出登录。</p>
      ${trusted(form)}
      <div class="stack">
        <button type="submit" form="op.logoutForm" name="logout" value="yes" class="primary" autofocus>
          退出统一身份认证平台
        </button>
        ${partial}
      </div>`,
  );
}

export function loggedOutPage(): string {
  return layout(
    '已退出',
    html`<h1>您已安全退出</h1>
      <p class="lead">您已退出统一身份认证平台，可以关闭此页面。</p>`,
  );
}

export interface ErrorPageOptions {
  title: string;
  message: string;
  /** Protocol error code, shown small for whoever debugs a client. */
  code?: string;
}

export function errorPage({ title, message, code }: ErrorPageOptions): string {
  const detail = code ? html`<p class="error-code">错误代码：<code>${code}</code></p>` : undefined;
  return layout(
    title,
    html`<h1>${title}</h1>
      <p class="lead">${message}</p>
      ${detail}`,
  );
}

export function registerPage(backUrl: string): string {
  return layout(
    '注册',
    html`<h1>注册账号</h1>
      <p class="lead">这是开发演示环境，不开放注册。</p>
      <p>
        正式环境中，这里是省统一身份认证平台的注册页面：自然人和法人在此注册账号并完成实名认证。请使用登录页上列出的演示账号。
      </p>
      <p class="links"><a href="${backUrl}">返回</a></p>`,
  );
}

export function homePage(): string {
  const items = DEMO_ACCOUNTS.map(
    (account) => html`<li><code>${account.username}</code>：<span>${account.description}</span></li>`,
  );
  return layout(
    '首页',
    html`<h1>${PLATFORM_NAME}（开发演示环境）</h1>
      <p class="lead">GovDock 开发和测试使用的统一身份认证平台，接口遵循 OpenID Connect。</p>
      <h2>演示账号</h2>
      <p>密码均为 <code>${DEMO_PASSWORD}</code>。</p>
      <ul>
        ${items}
      </ul>
      <p class="links"><a href="/.well-known/openid-configuration">服务发现文档</a> · <a href="/register">注册</a></p>`,
  );
}
