import { defineElement } from '../runtime/index.js';
import { GovEvaluationStats } from './gov-evaluation-stats.js';

defineElement('gov-evaluation-stats', GovEvaluationStats);

declare global {
  interface HTMLElementTagNameMap {
    'gov-evaluation-stats': GovEvaluationStats;
  }
}
