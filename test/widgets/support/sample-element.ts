import { css, html } from 'lit';
import { GovElement } from '../../../widgets/runtime/gov-element.js';
import type { Strings } from '../../../widgets/runtime/i18n.js';

/** A minimal widget on the runtime's base class, for the runtime's own tests. */
export class GovSample extends GovElement {
  static override version = '1.0.0';
  static override strings: Strings = {
    'zh-CN': { title: '办事指南', greeting: '您好，{name}' },
    en: { title: 'Service guide', greeting: 'Hello, {name}' },
  };
  static override styles = [
    GovElement.styles,
    css`
      button {
        min-height: var(--_gov-target-size);
        color: var(--_gov-color-on-primary);
        background: var(--_gov-color-primary);
        border: 1px solid var(--_gov-color-border);
        border-radius: var(--_gov-radius);
      }
    `,
  ];

  renders = 0;

  override render() {
    this.renders += 1;
    return html`<h2>${this.t('title')}</h2>
      <p>${this.t('greeting', { name: '王五' })}</p>
      <button type="button">${this.t('title')}</button>`;
  }
}

if (!customElements.get('gov-sample')) customElements.define('gov-sample', GovSample);

declare global {
  interface HTMLElementTagNameMap {
    'gov-sample': GovSample;
  }
}
