import { defineElement } from '../runtime/index.js';
import { GovItemNav } from './gov-item-nav.js';

defineElement('gov-item-nav', GovItemNav);

declare global {
  interface HTMLElementTagNameMap {
    'gov-item-nav': GovItemNav;
  }
}
