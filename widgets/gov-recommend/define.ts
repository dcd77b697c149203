import { defineElement } from '../runtime/index.js';
import { GovRecommend } from './gov-recommend.js';

defineElement('gov-recommend', GovRecommend);

declare global {
  interface HTMLElementTagNameMap {
    'gov-recommend': GovRecommend;
  }
}
