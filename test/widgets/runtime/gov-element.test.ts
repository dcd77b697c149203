import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { BffError } from '../../../widgets/runtime/bff-client.js';
import { GovSample } from '../support/sample-element.js';

const root = document.documentElement;
const heading = (el: GovSample) => el.shadowRoot?.querySelector('h2')?.textContent;
const fontSize = (el: Element) => getComputedStyle(el).fontSize;

describe('GovElement', () => {
  afterEach(() => {
    root.lang = 'zh-CN';
    root.removeAttribute('data-gov-elder');
    root.style.fontSize = '';
  });

  describe('language', () => {
    it('renders zh-CN by default and follows the closest ancestor lang', async () => {
      root.lang = 'zh-CN';
      const el = await fixture<GovSample>(html`<gov-sample></gov-sample>`);
      expect(heading(el)).to.equal('办事指南');
      expect(el.shadowRoot?.querySelector('p')?.textContent).to.equal('您好，王五');
      const nested = await fixture<HTMLElement>(
        html`<section lang="en-US">
          <div><gov-sample></gov-sample></div>
        </section>`,
      );
      expect(heading(nested.querySelector('gov-sample') as GovSample)).to.equal('Service guide');
    });

    it('re-renders in English when <html lang> changes from zh-CN to en', async () => {
      root.lang = 'zh-CN';
      const el = await fixture<GovSample>(html`<gov-sample></gov-sample>`);
      expect(heading(el)).to.equal('办事指南');
      root.lang = 'en';
      await waitUntil(() => heading(el) === 'Service guide', 'did not switch to English');
      expect(el.locale).to.equal('en');
    });

    it('re-renders when its own lang changes, and its own lang wins', async () => {
      root.lang = 'en';
      const el = await fixture<GovSample>(html`<gov-sample></gov-sample>`);
      expect(heading(el)).to.equal('Service guide');
      el.setAttribute('lang', 'zh-CN');
      await el.updateComplete;
      expect(heading(el)).to.equal('办事指南');
    });
  });

  describe('适老化 (elder) mode', () => {
    it('switches to larger text and high-contrast colours by attribute, reflected', async () => {
      const el = await fixture<GovSample>(html`<gov-sample></gov-sample>`);
      const button = el.shadowRoot?.querySelector('button') as HTMLButtonElement;
      expect(fontSize(el)).to.equal('16px');
      expect(getComputedStyle(button).backgroundColor).to.equal('rgb(11, 92, 173)');
      el.elder = true;
      await el.updateComplete;
      expect(el.hasAttribute('elder')).to.equal(true);
      expect(fontSize(el)).to.equal('20px');
      expect(getComputedStyle(button).backgroundColor).to.equal('rgb(0, 58, 140)');
      expect(el.isElder).to.equal(true);
    });

    it('follows data-gov-elder on <html>, switched on and off site-wide', async () => {
      const el = await fixture<GovSample>(html`<gov-sample></gov-sample>`);
      root.setAttribute('data-gov-elder', '');
      await waitUntil(() => fontSize(el) === '20px', 'site-wide switch ignored');
      expect(el.isElder).to.equal(true);
      root.removeAttribute('data-gov-elder');
      await waitUntil(() => fontSize(el) === '16px', 'site-wide switch off ignored');
      expect(el.isElder).to.equal(false);
    });

    it('is on for an element created while the site-wide switch is already on', async () => {
      root.setAttribute('data-gov-elder', 'true');
      const el = await fixture<GovSample>(html`<gov-sample></gov-sample>`);
      expect(fontSize(el)).to.equal('20px');
    });
  });

  describe('hostile host CSS', () => {
    it('keeps a 16px floor under html { font-size: 10px } but follows enlargement', async () => {
      root.style.fontSize = '10px';
      const small = await fixture<HTMLElement>(html`<div style="font-size: 1rem"><gov-sample></gov-sample></div>`);
      expect(fontSize(small.firstElementChild as Element)).to.equal('16px');
      const large = await fixture<HTMLElement>(html`<div style="font-size: 24px"><gov-sample></gov-sample></div>`);
      expect(fontSize(large.firstElementChild as Element)).to.equal('24px');
    });

    it('resets inherited text properties the page skews', async () => {
      const wrapper = await fixture<HTMLElement>(
        html`<div style="line-height: 5; letter-spacing: 9px; text-align: right; text-transform: uppercase">
          <gov-sample></gov-sample>
        </div>`,
      );
      const style = getComputedStyle(wrapper.querySelector('gov-sample') as Element);
      expect([style.letterSpacing, style.textAlign, style.textTransform]).to.deep.equal(['normal', 'start', 'none']);
      expect(style.lineHeight).to.equal('25.6px');
    });
  });

  describe('events', () => {
    it('emits gov-ready once, after the first render, even when re-parented', async () => {
      const el = document.createElement('gov-sample');
      const seen: string[] = [];
      el.addEventListener('gov-ready', () => seen.push(heading(el) ?? 'not rendered'));
      const first = await fixture<HTMLElement>(html`<div></div>`);
      const second = await fixture<HTMLElement>(html`<div></div>`);
      first.append(el);
      await waitUntil(() => seen.length === 1, 'no gov-ready');
      second.append(el); // an accessibility toolbar moving the page into its zoom container
      await el.updateComplete;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seen).to.deep.equal(['办事指南']);
    });

    it('reportError emits gov-error { code, message } that crosses the shadow boundary, localised', async () => {
      const el = await fixture<GovSample>(html`<gov-sample lang="en"></gov-sample>`);
      const details: unknown[] = [];
      const listener = (event: Event) => details.push((event as CustomEvent).detail);
      document.addEventListener('gov-error', listener);
      try {
        const detail = el.reportError(new BffError('rate_limited', 429, '操作过于频繁，请稍后再试'));
        expect(detail).to.deep.equal({ code: 'rate_limited', message: 'Too many requests, try later.' });
        el.removeAttribute('lang');
        el.reportError(new Error('boom'));
      } finally {
        document.removeEventListener('gov-error', listener);
      }
      expect(details).to.deep.equal([
        { code: 'rate_limited', message: 'Too many requests, try later.' },
        { code: 'unknown', message: '出现错误，请稍后重试' },
      ]);
    });

    it('emit dispatches bubbling, composed events', async () => {
      const el = await fixture<GovSample>(html`<gov-sample></gov-sample>`);
      let event: CustomEvent | undefined;
      document.addEventListener('gov-sample-fact', (e) => (event = e as CustomEvent), { once: true });
      expect(el.emit('gov-sample-fact', { n: 1 })).to.equal(true);
      expect(event?.detail).to.deep.equal({ n: 1 });
      expect(event?.bubbles && event.composed).to.equal(true);
    });
  });

  describe('accessibility', () => {
    it('passes axe, in normal and elder mode', async () => {
      const el = await fixture<GovSample>(html`<gov-sample></gov-sample>`);
      await expect(el).to.be.accessible();
      el.elder = true;
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });
  });
});
