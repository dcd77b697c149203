import { css } from 'lit';

/**
 * Tokens only (the private `--_gov-*` copies from the base styles, so 适老化 swaps them all). Sizes in `em` from
 * the host's font size; every link and button is at least `--_gov-target-size` high. Items flow into as many
 * columns as fit, one column on a 320px phone.
 */
export const recommendStyles = css`
  :host {
    display: block;
  }
  .root {
    display: grid;
    gap: var(--_gov-space-s);
    min-width: 0;
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
  .title {
    font-size: var(--_gov-font-size-l);
    font-weight: 700;
    line-height: 1.4;
  }
  .muted {
    color: var(--_gov-color-text-muted);
    font-size: var(--_gov-font-size-s);
  }
  .items {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--gov-recommend-columns, 14em)), 1fr));
    gap: var(--_gov-space-s);
  }
  .item {
    display: grid;
    align-content: start;
    gap: 0.25em;
    padding: var(--_gov-space-s) var(--_gov-space-m);
    border: 1px solid var(--_gov-color-border);
    border-radius: var(--_gov-radius);
  }
  .item a {
    display: flex;
    align-items: center;
    min-height: var(--_gov-target-size);
    font-weight: 600;
  }
  .reason {
    font-size: var(--_gov-font-size-s);
  }
  .button,
  .switch {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--_gov-space-s);
    box-sizing: border-box;
    min-height: var(--_gov-target-size);
    min-width: var(--_gov-target-size);
    margin: 0;
    padding: 0.25em var(--_gov-space-m);
    border: 1px solid var(--_gov-color-primary);
    border-radius: var(--_gov-radius);
    background: var(--_gov-color-background);
    color: var(--_gov-color-primary);
    font: inherit;
    line-height: 1.3;
    text-decoration: none;
    cursor: pointer;
  }
  .button:hover {
    text-decoration: underline;
  }
  .button.quiet {
    border-color: transparent;
    padding-inline: 0;
    text-decoration: underline;
  }
  .button.danger {
    border-color: var(--_gov-color-danger);
    background: var(--_gov-color-danger);
    color: var(--_gov-color-on-primary);
  }
  [aria-disabled='true'] {
    cursor: progress;
    opacity: 0.7;
  }
  .switch {
    padding-inline: 0;
    border-color: transparent;
    background: none;
    color: var(--_gov-color-text);
  }
  .track {
    position: relative;
    display: inline-block;
    flex: none;
    width: 2.5em;
    height: 1.4em;
    border: 2px solid var(--_gov-color-border);
    border-radius: 0.7em;
    background: var(--_gov-color-background);
  }
  .thumb {
    position: absolute;
    top: 0.1em;
    left: 0.1em;
    width: 1em;
    height: 1em;
    border-radius: 50%;
    background: var(--_gov-color-border);
  }
  [aria-checked='true'] .track {
    border-color: var(--_gov-color-primary);
    background: var(--_gov-color-primary);
  }
  [aria-checked='true'] .thumb {
    left: 1.2em;
    background: var(--_gov-color-on-primary);
  }
  .settings,
  .confirm {
    display: grid;
    gap: var(--_gov-space-s);
  }
  .settings {
    padding: var(--_gov-space-m);
    background: var(--_gov-color-surface);
  }
  .confirm {
    padding: var(--_gov-space-s) var(--_gov-space-m);
    border-inline-start: 4px solid var(--_gov-color-danger);
    background: var(--_gov-color-background);
  }
  .line {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_gov-space-s);
  }
  .records {
    display: grid;
    gap: 0.25em;
  }
  .badge {
    margin-inline-end: 0.25em;
    padding: 0 0.5em;
    border: 1px solid currentColor;
    border-radius: var(--_gov-radius);
    color: var(--_gov-color-primary);
    font-size: var(--_gov-font-size-s);
  }
  .problem {
    display: grid;
    justify-items: start;
    gap: var(--_gov-space-s);
    padding: var(--_gov-space-m);
    border-inline-start: 4px solid var(--_gov-color-danger);
    background: var(--_gov-color-surface);
  }
  .skeleton {
    height: 6em;
    border-radius: var(--_gov-radius);
    background: var(--_gov-color-surface);
  }
  @media (forced-colors: active) {
    .button,
    .item,
    .track,
    .badge {
      border: 1px solid ButtonText;
    }
    [aria-checked='true'] .track,
    [aria-checked='true'] .thumb {
      background: Highlight;
    }
    .thumb {
      background: ButtonText;
    }
  }
`;
