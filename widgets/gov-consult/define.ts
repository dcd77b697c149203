import { defineElement } from '../runtime/index.js';
import { GovConsult } from './gov-consult.js';

defineElement('gov-consult', GovConsult);

declare global {
  interface HTMLElementTagNameMap {
    'gov-consult': GovConsult;
  }
}
