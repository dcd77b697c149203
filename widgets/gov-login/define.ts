import { defineElement } from '../runtime/index.js';
import { GovLogin } from './gov-login.js';

defineElement('gov-login', GovLogin);

declare global {
  interface HTMLElementTagNameMap {
    'gov-login': GovLogin;
  }
}
