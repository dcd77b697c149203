/**
 * The gallery page: every widget in the registry, every state side by side, each in its own frame
 * (gallery/state.ts says why). The switches live in the page's query string so a view can be shared;
 * changing one reloads the frames, as a site switching its own <html> attributes would on next load.
 */
import { html, render, nothing, type TemplateResult } from 'lit';
import { galleryWidgets, type GalleryState, type GalleryWidget } from './registry.js';
import { isGalleryMessage, readPreviewOptions, writePreviewOptions, type PreviewOptions } from './preview-options.js';

const form = document.getElementById('controls') as HTMLFormElement;
const widgetsContainer = document.getElementById('widgets') as HTMLElement;
const indexContainer = document.getElementById('widget-index') as HTMLElement;
const modeHint = document.getElementById('mode-hint') as HTMLElement;

let options = readPreviewOptions(new URLSearchParams(location.search));

function frameSrc(widget: GalleryWidget, state: GalleryState | undefined): string {
  const params = writePreviewOptions({
    ...options,
    widget: widget.tag,
    state: state?.name ?? '',
    frame: frameId(widget, state),
  });
  return `/gallery/state.html?${params.toString()}`;
}

function frameId(widget: GalleryWidget, state: GalleryState | undefined): string {
  return `${widget.tag}--${state?.name ?? 'live'}`;
}

function attributeList(state: GalleryState): TemplateResult | typeof nothing {
  const entries = Object.entries(state.attributes);
  if (entries.length === 0) return nothing;
  return html`<p class="state-attributes">
    属性：${entries.map(([name, value]) => html`<code>${value ? `${name}="${value}"` : name}</code> `)}
  </p>`;
}

function statePreview(widget: GalleryWidget, state: GalleryState): TemplateResult {
  const id = frameId(widget, state);
  return html`<article class="state" id=${id} aria-labelledby=${`${id}-title`}>
    <h3 id=${`${id}-title`}>${state.title}</h3>
    ${state.description ? html`<p class="state-description">${state.description}</p>` : nothing}
    <iframe
      class="state-frame"
      data-frame=${id}
      title=${`<${widget.tag}> ${state.title}`}
      src=${frameSrc(widget, state)}
    ></iframe>
    ${state.note ? html`<p class="state-note">${state.note}</p>` : nothing} ${attributeList(state)}
    <p class="state-links"><a href=${frameSrc(widget, state)} target="_blank">在新窗口中单独打开</a></p>
  </article>`;
}

function livePreview(widget: GalleryWidget): TemplateResult {
  const id = frameId(widget, undefined);
  return html`<article class="state state-live" id=${id} aria-labelledby=${`${id}-title`}>
    <h3 id=${`${id}-title`}>本地后端的真实状态</h3>
    <p class="state-description">
      组件向本地后端请求会话，显示的是您在本机上的实际登录状态。登录请在宿主页面示例中进行（统一身份认证平台不在框架内打开）。
    </p>
    <iframe
      class="state-frame"
      data-frame=${id}
      title=${`<${widget.tag}> 本地后端`}
      src=${frameSrc(widget, undefined)}
    ></iframe>
  </article>`;
}

function widgetSection(widget: GalleryWidget): TemplateResult {
  const headingId = `${widget.tag}-title`;
  return html`<section class="widget" id=${widget.tag} aria-labelledby=${headingId}>
    <h2 id=${headingId}><code>&lt;${widget.tag}&gt;</code> ${widget.title}</h2>
    <p class="widget-summary">${widget.summary}</p>
    <div class="states">
      ${options.mode === 'msw' ? widget.states.map((state) => statePreview(widget, state)) : livePreview(widget)}
    </div>
  </section>`;
}

function renderPage(): void {
  const root = document.documentElement;
  // The gallery's own chrome follows the 适老化 and contrast switches too, so designers see the whole picture.
  root.toggleAttribute('data-gov-elder', options.elder);
  root.dataset.theme = options.theme;
  modeHint.textContent =
    options.mode === 'msw'
      ? '示例数据：每个预览框由 msw（Service Worker）按该状态的示例数据回答，不需要后端。'
      : '本地后端：预览框直接请求本地 BFF（npm start），每个组件显示一次真实状态。';
  render(
    galleryWidgets.map(
      (widget) =>
        html`<li>
          <a href=${`#${widget.tag}`}><code>&lt;${widget.tag}&gt;</code> ${widget.title}</a>
          <span class="count">（${widget.states.length} 种状态）</span>
        </li>`,
    ),
    indexContainer,
  );
  render(galleryWidgets.map(widgetSection), widgetsContainer);
}

function syncForm(): void {
  (form.elements.namedItem('mode') as RadioNodeList).value = options.mode;
  (form.elements.namedItem('elder') as HTMLInputElement).checked = options.elder;
  (form.elements.namedItem('lang') as HTMLInputElement).checked = options.lang === 'en';
  (form.elements.namedItem('theme') as HTMLInputElement).checked = options.theme === 'high-contrast';
}

function readForm(): PreviewOptions {
  return {
    ...options,
    mode: (form.elements.namedItem('mode') as RadioNodeList).value === 'live' ? 'live' : 'msw',
    elder: (form.elements.namedItem('elder') as HTMLInputElement).checked,
    lang: (form.elements.namedItem('lang') as HTMLInputElement).checked ? 'en' : 'zh-CN',
    theme: (form.elements.namedItem('theme') as HTMLInputElement).checked ? 'high-contrast' : 'default',
  };
}

form.addEventListener('change', () => {
  options = readForm();
  const query = writePreviewOptions(options).toString();
  history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
  renderPage();
});
// Nothing to submit: Enter on a switch must not reload the page.
form.addEventListener('submit', (event) => event.preventDefault());

window.addEventListener('message', (event) => {
  if (!isGalleryMessage(event)) return;
  const frame = widgetsContainer.querySelector<HTMLIFrameElement>(
    `iframe[data-frame="${CSS.escape(event.data.frame)}"]`,
  );
  if (!frame) return;
  if (event.data.type === 'size') frame.style.height = `${Math.ceil(event.data.height)}px`;
  else frame.dataset.ready = 'true';
});

syncForm();
renderPage();
