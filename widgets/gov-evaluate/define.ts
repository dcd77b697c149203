import { defineElement } from '../runtime/index.js';
import { GovEvaluate } from './gov-evaluate.js';

defineElement('gov-evaluate', GovEvaluate);

declare global {
  interface HTMLElementTagNameMap {
    'gov-evaluate': GovEvaluate;
  }
}
