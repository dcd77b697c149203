import { defineElement } from '../runtime/index.js';
import { GovCaseTracker } from './gov-case-tracker.js';

defineElement('gov-case-tracker', GovCaseTracker);

declare global {
  interface HTMLElementTagNameMap {
    'gov-case-tracker': GovCaseTracker;
  }
}
