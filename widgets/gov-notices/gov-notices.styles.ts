import { css } from 'lit';

/**
 * Tokens only (the private `--_gov-*` copies from the base styles, so 适老化 swaps them all). Sizes in `em` from the
 * host's font size, so user text enlargement carries through; every control is at least `--_gov-target-size` in
 * both directions. The popover and toast are positioned by the element (kept inside the viewport at 320px).
 */
export const noticesStyles = css`
  :host {
    display: inline-block;
    vertical-align: middle;
  }
  .root {
    position: relative;
    display: inline-block;
    color: var(--_gov-color-text);
    font-size: max(var(--gov-font-size-min, 16px), 1em);
    line-height: var(--gov-line-height, 1.6);
    text-align: start;
    white-space: normal;
    overflow-wrap: anywhere;
  }
  :host([elder]) .root,
  :host([data-gov-elder]) .root {
    font-size: max(var(--gov-elder-font-size-min, 20px), 1em);
    line-height: 1.8;
  }
  p,
  ul {
    margin: 0;
  }
  ul {
    padding: 0;
    list-style: none;
  }
  a {
    color: var(--_gov-color-primary);
  }
  .vh {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .bell,
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.25em;
    box-sizing: border-box;
    min-height: var(--_gov-target-size);
    min-width: var(--_gov-target-size);
    margin: 0;
    padding: 0.25em var(--_gov-space-s);
    border: 1px solid var(--_gov-color-primary);
    border-radius: var(--_gov-radius);
    background: var(--_gov-color-background);
    color: var(--_gov-color-primary);
    font: inherit;
    line-height: 1.3;
    text-decoration: none;
    cursor: pointer;
  }
  .bell {
    position: relative;
    border-color: transparent;
    background: none;
  }
  .bell[aria-expanded='true'],
  .bell:hover {
    border-color: var(--_gov-color-primary);
  }
  .login:hover,
  .button:hover {
    text-decoration: underline;
  }
  .button.primary {
    background: var(--_gov-color-primary);
    color: var(--_gov-color-on-primary);
  }
  .button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.7;
  }
  .icon {
    width: 1.5em;
    height: 1.5em;
    fill: currentColor;
    flex: none;
  }
  .bell .label {
    display: none;
  }
  :host([elder]) .bell .label,
  :host([data-gov-elder]) .bell .label {
    display: inline;
  }
  .count {
    position: absolute;
    top: 0;
    inset-inline-end: 0;
    min-width: 1.5em;
    padding: 0 0.3em;
    border-radius: 0.75em;
    background: var(--gov-notices-count-color, var(--_gov-color-danger));
    color: var(--_gov-color-on-primary);
    font-size: 0.75em;
    font-weight: 700;
    line-height: 1.5;
    text-align: center;
  }
  :host([elder]) .count,
  :host([data-gov-elder]) .count {
    position: static;
    font-size: 0.9em;
  }
  .pop {
    position: absolute;
    top: 100%;
    z-index: 1000;
    width: min(var(--gov-notices-width, 24em), calc(100vw - 16px));
    margin-top: 4px;
    padding: var(--_gov-space-m);
    border: 1px solid var(--_gov-color-border);
    border-radius: var(--_gov-radius);
    background: var(--_gov-color-background);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.2);
  }
  .pop.vh {
    padding: 0;
    border: 0;
  }
  .panel {
    max-height: min(36em, 80vh);
    overflow-y: auto;
  }
  .toast {
    display: grid;
    gap: var(--_gov-space-s);
    border-inline-start: 4px solid var(--_gov-color-primary);
  }
  .head,
  .line,
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25em var(--_gov-space-s);
  }
  .head {
    justify-content: space-between;
    margin-bottom: var(--_gov-space-s);
  }
  .title {
    font-size: var(--_gov-font-size-l);
    font-weight: 700;
    line-height: 1.4;
  }
  .status {
    justify-content: space-between;
    margin-bottom: var(--_gov-space-s);
    color: var(--_gov-color-text-muted);
  }
  .entries {
    border-top: 1px solid var(--_gov-color-border);
  }
  .entry {
    display: grid;
    gap: 0.25em;
    padding: var(--_gov-space-s) 0 var(--_gov-space-s) var(--_gov-space-s);
    border-bottom: 1px solid var(--_gov-color-border);
    border-inline-start: 4px solid transparent;
  }
  .entry.unread {
    border-inline-start-color: var(--_gov-color-primary);
  }
  .entry-title {
    font-weight: 400;
  }
  .unread .entry-title {
    font-weight: 700;
  }
  a.entry-title {
    display: inline-flex;
    align-items: center;
    min-height: var(--_gov-target-size);
  }
  .badge {
    padding: 0 0.5em;
    border: 1px solid currentColor;
    border-radius: var(--_gov-radius);
    color: var(--_gov-color-danger);
    font-size: var(--_gov-font-size-s);
    font-weight: 600;
    white-space: nowrap;
  }
  .muted {
    color: var(--_gov-color-text-muted);
    font-size: var(--_gov-font-size-s);
  }
  .more {
    width: 100%;
    margin-top: var(--_gov-space-s);
  }
  .error {
    color: var(--_gov-color-danger);
  }
  .problem {
    display: grid;
    justify-items: start;
    gap: var(--_gov-space-s);
    padding: var(--_gov-space-m);
    border-inline-start: 4px solid var(--_gov-color-danger);
    background: var(--_gov-color-surface);
  }
  @media (forced-colors: active) {
    .bell,
    .button,
    .badge,
    .count,
    .pop {
      border: 1px solid ButtonText;
    }
    .entry.unread {
      border-inline-start-color: Highlight;
    }
  }
`;
