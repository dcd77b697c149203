import { defineElement } from '../runtime/index.js';
import { GovNotices } from './gov-notices.js';

defineElement('gov-notices', GovNotices);

declare global {
  interface HTMLElementTagNameMap {
    'gov-notices': GovNotices;
  }
}
