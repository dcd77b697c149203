import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { cloakCss } from '../../../widgets/runtime/cloak.js';

describe('cloak', () => {
  let sheet: CSSStyleSheet;
  beforeEach(() => {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(cloakCss(['gov-cloak-a', 'gov-cloak-b'], 400));
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  });
  afterEach(() => {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  });

  it('reserves space and hides the fallback until the widget upgrades, then reveals it if it never does', async () => {
    const el = await fixture<HTMLElement>(
      html`<gov-cloak-a style="--gov-reserve-height: 120px"><a href="/bszn">办事指南</a></gov-cloak-a>`,
    );
    const link = el.querySelector('a') as HTMLAnchorElement;
    expect(el.getBoundingClientRect().height).to.equal(120);
    expect(getComputedStyle(link).visibility).to.equal('hidden');
    await waitUntil(() => getComputedStyle(link).visibility === 'visible', 'fallback never revealed', {
      timeout: 3000,
    });
  });

  it('lets go of a tag once it is defined, and leaves other tags alone', async () => {
    const el = await fixture<HTMLElement>(html`<gov-cloak-b style="--gov-reserve-height: 80px">回退内容</gov-cloak-b>`);
    expect(getComputedStyle(el).visibility).to.equal('hidden');
    customElements.define('gov-cloak-b', class extends HTMLElement {});
    expect(getComputedStyle(el).visibility).to.equal('visible');
    expect(el.getBoundingClientRect().height).to.be.below(80);
    const other = await fixture<HTMLElement>(html`<gov-unrelated>x</gov-unrelated>`);
    expect(getComputedStyle(other).visibility).to.equal('visible');
  });
});
