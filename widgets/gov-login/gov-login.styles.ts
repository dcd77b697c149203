import { css } from 'lit';

/**
 * Tokens only (the private `--_gov-*` copies from the base styles, so 适老化 swaps them all). Sizes are in
 * `em` from the host's font size, so user text enlargement carries through; every control is at least
 * `--_gov-target-size` (2.75em of a ≥16px font = 44px; 3em in elder mode) in both directions.
 */
export const loginStyles = css`
  :host {
    --_gap: var(--gov-login-gap, var(--_gov-space-s));
    --_font-size-min: var(--gov-font-size-min, 16px);
    --_line-height: var(--gov-line-height, 1.6);
    display: inline-block;
    vertical-align: middle;
    /* Reserved space: the skeleton, the links and the button all have this height, so nothing jumps. */
    min-height: var(--_gov-target-size);
  }
  :host([elder]),
  :host([data-gov-elder]) {
    --_font-size-min: var(--gov-elder-font-size-min, 20px);
    --_line-height: var(--gov-elder-line-height, 1.8);
  }
  /*
   * Hostile host CSS wins over :host rules (outer normal and !important declarations beat the shadow's
   * normal ones), so what must hold is set again here, where page CSS cannot reach; inherited properties
   * the page may have skewed on the host are reset to the token values.
   */
  .root {
    display: inline-block;
    position: relative;
    min-height: var(--_gov-target-size);
    box-sizing: border-box;
    color: var(--_gov-color-text);
    font-family: var(--gov-font-family, system-ui, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif);
    font-size: max(var(--_font-size-min), 1em);
    font-style: normal;
    font-weight: 400;
    line-height: var(--_line-height);
    letter-spacing: normal;
    word-spacing: normal;
    text-align: start;
    text-indent: 0;
    text-transform: none;
    white-space: normal;
  }
  .row,
  .account {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_gap);
  }
  .button,
  .item {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--_gap);
    min-height: var(--_gov-target-size);
    min-width: var(--_gov-target-size);
    margin: 0;
    padding: 0 var(--_gov-space-m);
    border: 1px solid var(--_gov-color-primary);
    border-radius: var(--_gov-radius);
    background: var(--_gov-color-background);
    color: var(--_gov-color-primary);
    font: inherit;
    line-height: 1.2;
    text-decoration: none;
    cursor: pointer;
  }
  .button.primary {
    background: var(--_gov-color-primary);
    color: var(--_gov-color-on-primary);
  }
  .button:hover,
  .item:hover {
    text-decoration: underline;
  }
  .toggle {
    border-color: var(--_gov-color-border);
    color: var(--_gov-color-text);
  }
  .name {
    font-weight: 600;
    max-width: 14em;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .badge {
    padding: 0 0.4em;
    border: 1px solid currentColor;
    border-radius: var(--_gov-radius);
    background: var(--gov-login-badge-background, var(--_gov-color-surface));
    color: var(--gov-login-badge-color, var(--_gov-color-primary));
    font-size: var(--_gov-font-size-s);
    line-height: 1.5;
    white-space: nowrap;
  }
  .badge.registered {
    color: var(--_gov-color-text-muted);
  }
  .chevron {
    width: 1em;
    height: 1em;
    transition: transform 0.15s;
  }
  [aria-expanded='true'] .chevron {
    transform: rotate(180deg);
  }
  .menu {
    position: absolute;
    inset-inline-end: 0;
    top: 100%;
    z-index: var(--gov-login-menu-z-index, 1000);
    min-width: var(--gov-login-menu-min-width, 12em);
    margin: 0.25em 0 0;
    padding: var(--_gov-space-s);
    list-style: none;
    border: 1px solid var(--_gov-color-border);
    border-radius: var(--_gov-radius);
    background: var(--_gov-color-background);
    box-shadow: 0 0.25em 1em rgb(0 0 0 / 15%);
  }
  .menu li + li {
    margin-top: 0.25em;
  }
  .menu .item {
    width: 100%;
    justify-content: flex-start;
    border-color: transparent;
    color: var(--_gov-color-text);
    text-align: start;
  }
  .menu .item:disabled {
    cursor: progress;
    opacity: 0.7;
  }
  .who {
    padding: 0 var(--_gov-space-m);
    color: var(--_gov-color-text-muted);
    font-size: var(--_gov-font-size-s);
  }
  .message {
    color: var(--_gov-color-danger);
  }
  .menu .message {
    padding: 0 var(--_gov-space-m);
  }
  .notice {
    margin: 0;
  }
  .notice.shown {
    margin: var(--_gov-space-s) 0 0;
    padding: var(--_gov-space-s) var(--_gov-space-m);
    border-inline-start: 4px solid var(--_gov-color-primary);
    background: var(--_gov-color-surface);
    color: var(--_gov-color-text);
  }
  .notice .button {
    margin-inline-start: var(--_gap);
    vertical-align: middle;
  }
  .skeleton {
    width: 9em;
    height: var(--_gov-target-size);
    border-radius: var(--_gov-radius);
    background: var(--_gov-color-surface);
  }
  @media (prefers-reduced-motion: no-preference) {
    .skeleton {
      animation: gov-login-pulse 1.5s ease-in-out infinite;
    }
  }
  @keyframes gov-login-pulse {
    50% {
      opacity: 0.5;
    }
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (forced-colors: active) {
    .button,
    .item,
    .badge,
    .skeleton {
      border: 1px solid ButtonText;
    }
  }
`;
