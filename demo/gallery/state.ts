/**
 * One widget state in its own frame: `state.html?widget=gov-login&state=anonymous&mode=msw`.
 *
 * Why a frame per state: the runtime keeps one session store per page (and per tab group), so two
 * states on one page would overwrite each other. Each frame also gets its own BFF base in 示例数据
 * mode (`data-bff` on the loader tag): the runtime's tab group and SSE leader lock are keyed by that
 * base, so same-origin frames stay independent, and msw answers any base with this state's fixture.
 *
 * Query parameters: `widget`, `state` (fixture name; optional in live mode), `mode` (`msw` | `live`),
 * `elder` (`1`: 适老化 site-wide switch), `lang` (`en`), `theme` (`high-contrast`).
 */
import { setupWorker } from 'msw/browser';
import { findState, galleryWidgets, type GalleryState, type GalleryWidget } from './registry.js';
import { messageToGallery, readPreviewOptions } from './preview-options.js';

const stage = document.getElementById('stage') as HTMLElement;
const message = document.getElementById('stage-message') as HTMLElement;
const version = document.querySelector<HTMLMetaElement>('meta[name="govdock-version"]')?.content ?? '';
const options = readPreviewOptions(new URLSearchParams(location.search));

function fail(text: string): void {
  message.textContent = text;
  message.classList.add('is-error');
  document.documentElement.dataset.galleryStatus = 'failed';
}

function applySiteSwitches(): void {
  const root = document.documentElement;
  // The switches a site would set on its own <html>; widgets pick them up from there.
  if (options.lang === 'en') root.lang = 'en';
  root.toggleAttribute('data-gov-elder', options.elder);
  if (options.theme === 'high-contrast') {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = `/widgets/${version}/high-contrast.css`;
    document.head.append(link);
  }
}

function reportSize(): void {
  // body.scrollHeight includes an open menu that overflows the body; the html element's would never shrink.
  const post = () => messageToGallery({ type: 'size', frame: options.frame, height: document.body.scrollHeight });
  new ResizeObserver(post).observe(document.body);
  // Opening a menu inside the shadow root resizes nothing the observer sees: measure after interactions too.
  for (const type of ['click', 'keyup', 'focusin', 'gov-ready'])
    document.addEventListener(type, () => requestAnimationFrame(post));
  post();
}

function mountWidget(widget: GalleryWidget, state: GalleryState | undefined): void {
  const element = document.createElement(widget.tag);
  for (const [name, value] of Object.entries(state?.attributes ?? {})) element.setAttribute(name, value);
  // The same fallback a site writes inside the tag; the widget replaces it when it upgrades.
  const fallback = document.createElement('a');
  fallback.href = widget.fallback.href;
  fallback.textContent = widget.fallback.text;
  element.append(fallback);
  element.addEventListener(widget.changeEvent, (event) => {
    const detail = (event as CustomEvent<{ status?: unknown } | null>).detail;
    document.documentElement.dataset.galleryWidgetStatus = String(detail?.status ?? '');
  });
  element.addEventListener('gov-ready', () => {
    document.documentElement.dataset.galleryStatus = 'ready';
    messageToGallery({ type: 'ready', frame: options.frame });
  });
  message.textContent = '';
  stage.append(element);
}

async function start(): Promise<void> {
  applySiteSwitches();
  reportSize();
  const widget = galleryWidgets.find((entry) => entry.tag === options.widget);
  if (!widget) return fail(`没有名为 ${options.widget || '（空）'} 的组件。`);
  const found = options.state ? findState(widget.tag, options.state) : undefined;
  if (options.state && !found) return fail(`组件 ${widget.tag} 没有名为 ${options.state} 的状态。`);
  const heading = `<${widget.tag}> ${widget.title}：${found ? found.state.title : '本地后端'}`;
  (document.getElementById('stage-title') as HTMLElement).textContent = heading;
  document.title = `${heading} — GovDock 组件演示库`;

  if (options.mode === 'msw') {
    if (!found) return fail('示例数据模式需要指定状态（state 参数）。');
    const loader = document.querySelector<HTMLScriptElement>('script[src*="/loader.js"]');
    loader?.setAttribute('data-bff', `/gallery-bff/${widget.tag}/${found.state.name}`);
    try {
      await setupWorker(...(await found.state.handlers())).start({
        serviceWorker: { url: '/mockServiceWorker.js' },
        // Widget files and the page's own assets are not mocked; let them through silently.
        onUnhandledRequest: 'bypass',
        quiet: true,
      });
    } catch (error) {
      console.warn('GovDock gallery: msw could not start', error);
      return fail('示例数据无法启动（浏览器不支持 Service Worker，或页面不是通过 http://127.0.0.1 / https 打开的）。');
    }
  }
  mountWidget(widget, found?.state);
}

void start();
