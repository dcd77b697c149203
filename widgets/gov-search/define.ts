import { defineElement } from '../runtime/index.js';
import { GovSearch } from './gov-search.js';

defineElement('gov-search', GovSearch);

declare global {
  interface HTMLElementTagNameMap {
    'gov-search': GovSearch;
  }
}
