import { defineElement } from '../runtime/index.js';
import { GovUserSpace } from './gov-user-space.js';

defineElement('gov-user-space', GovUserSpace);

declare global {
  interface HTMLElementTagNameMap {
    'gov-user-space': GovUserSpace;
  }
}
