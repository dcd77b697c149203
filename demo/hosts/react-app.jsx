/**
 * A departmental site built with React 19 that embeds <gov-login> like any other element.
 *
 * React 19 passes attributes to custom elements and wires `on<event-name>` props to addEventListener
 * with the exact (case-sensitive) name, so `ongov-login-changed` listens for `gov-login-changed` — no
 * ref or wrapper needed. The page shows the last event it received so designers and the end-to-end
 * test can see the event contract working in a framework host.
 */
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';

const hotServices = [
  '社会保障卡申领',
  '不动产登记信息查询',
  '住房公积金提取',
  '个体工商户设立登记',
  '居住证办理',
  '异地就医备案',
];

const statusText = {
  anonymous: '未登录',
  authenticated: '已登录',
  error: '登录状态暂时无法获取',
};

/** `detail` of gov-login-changed: `{ status, userType, loggedOutElsewhere }`. */
function describeSession(detail) {
  const status = statusText[detail.status] ?? detail.status;
  const who = detail.userType === 'legal' ? '（法人）' : detail.userType === 'natural' ? '（个人）' : '';
  return `登录状态：${status}${who}${detail.loggedOutElsewhere ? '，已在其他页面退出' : ''}`;
}

function LoginEventLog({ events }) {
  return (
    <section className="panel" aria-labelledby="login-events">
      <h2 id="login-events">组件事件</h2>
      <p role="status" id="login-status">
        {events.length === 0 ? '等待 gov-login-changed 事件…' : describeSession(events[events.length - 1])}
      </p>
      <ol id="login-event-log">
        {events.map((detail, index) => (
          <li key={index}>
            <code>gov-login-changed</code> {JSON.stringify(detail)}
          </li>
        ))}
      </ol>
    </section>
  );
}

function App() {
  const [events, setEvents] = useState([]);
  const [ready, setReady] = useState(false);
  const onLoginChanged = (event) => setEvents((previous) => [...previous, event.detail]);

  return (
    <>
      <a className="skip-link" href="#main">
        跳到主要内容
      </a>
      <header className="site-header">
        <div className="wrap masthead">
          <a className="brand" href="./react.html">
            <svg width="56" height="56" viewBox="0 0 56 56" aria-hidden="true" focusable="false">
              <rect x="2" y="2" width="52" height="52" rx="10" fill="#b5121b" />
              <path
                d="M10 22c6-6 12 6 18 0s12-6 18 0M10 32c6-6 12 6 18 0s12-6 18 0M10 42c6-6 12 6 18 0s12-6 18 0"
                fill="none"
                stroke="#fff"
                strokeWidth="3"
                strokeLinecap="round"
              />
            </svg>
            <span>
              <span className="brand-name">黑龙江省人民政府</span>
              <span className="brand-sub" lang="en">
                The People&apos;s Government of Heilongjiang Province
              </span>
            </span>
          </a>
          <div className="site-account" data-widget-ready={ready ? 'true' : 'false'}>
            <gov-login ongov-login-changed={onLoginChanged} ongov-ready={() => setReady(true)}></gov-login>
          </div>
        </div>
        <nav className="site-nav" aria-label="主导航">
          <ul className="wrap">
            <li>
              <a href="./react.html" aria-current="page">
                首页
              </a>
            </li>
            <li>
              <a href="#main">政务公开</a>
            </li>
            <li>
              <a href="#main">政务服务</a>
            </li>
            <li>
              <a href="#main">互动交流</a>
            </li>
          </ul>
        </nav>
      </header>
      <main id="main" className="wrap">
        <p className="page-note">
          React 页面：部门网站用 React 19 搭建，登录组件像普通元素一样写在 JSX 里，页面通过 ongov-login-changed
          监听登录状态变化并显示在右侧。
        </p>
        <h1>政务服务</h1>
        <div className="columns">
          <section className="panel" aria-labelledby="hot-services">
            <h2 id="hot-services">热点服务</h2>
            <ul className="service-list">
              {hotServices.map((name) => (
                <li key={name}>
                  <a href="#main">{name}</a>
                </li>
              ))}
            </ul>
          </section>
          <LoginEventLog events={events} />
        </div>
      </main>
      <footer className="site-footer">
        <div className="wrap">
          <p>主办：黑龙江省人民政府办公厅（示例）</p>
          <p>本页是 GovDock 的演示宿主页面，不是官方网站；页面中的机构名称与内容仅用于演示。</p>
        </div>
      </footer>
    </>
  );
}

const container = document.getElementById('app');
if (container)
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
