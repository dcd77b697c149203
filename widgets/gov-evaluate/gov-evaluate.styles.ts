import { css } from 'lit';

/**
 * Tokens only (the private `--_gov-*` copies from the base styles, so 适老化 swaps them all). Sizes in `em` from
 * the host's font size, so user text enlargement carries through; every control is at least
 * `--_gov-target-size` high. The levels stack on narrow containers (a 320px phone) and sit in a row of five on
 * wide ones (a container query on the body, which is also the dialog's content).
 */
export const evaluateStyles = css`
  :host {
    display: block;
  }
  /*
   * Hostile host CSS reaches the host element (even 'all: revert !important' on it), never this div: what must
   * hold is set here, and inherited properties the page may have skewed on the host are reset to the tokens.
   */
  .root {
    display: block;
    box-sizing: border-box;
    min-width: 0;
    color: var(--_gov-color-text);
    font-family: var(--gov-font-family, system-ui, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif);
    font-size: max(var(--gov-font-size-min, 16px), 1em);
    font-style: normal;
    font-weight: 400;
    line-height: var(--gov-line-height, 1.6);
    letter-spacing: normal;
    word-spacing: normal;
    text-align: start;
    text-indent: 0;
    text-transform: none;
    white-space: normal;
    overflow-wrap: anywhere;
  }
  :host([elder]) .root,
  :host([data-gov-elder]) .root {
    font-size: max(var(--gov-elder-font-size-min, 20px), 1em);
    line-height: 1.8;
  }
  p,
  ul,
  dl,
  dd {
    margin: 0;
  }
  ul {
    padding-inline-start: 1.25em;
  }
  a {
    color: var(--_gov-color-primary);
    text-decoration: underline;
    text-underline-offset: 0.15em;
  }
  .vh {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .body {
    display: grid;
    gap: var(--_gov-space-m);
    container: gov-evaluate / inline-size;
  }
  .title {
    font-size: var(--_gov-font-size-l);
    font-weight: 700;
    line-height: 1.4;
  }
  .subtitle,
  .notice-title,
  .label,
  .summary-title {
    font-weight: 700;
  }
  .case {
    font-weight: 600;
  }
  .muted,
  .counter {
    color: var(--_gov-color-text-muted);
    font-size: var(--_gov-font-size-s);
  }
  .case + .muted {
    margin-top: calc(-1 * var(--_gov-space-m));
  }
  .button,
  .link {
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
  .link {
    padding-inline: 0;
    border-color: transparent;
    text-decoration: underline;
  }
  .button.primary {
    background: var(--_gov-color-primary);
    color: var(--_gov-color-on-primary);
    font-weight: 700;
  }
  .button:hover {
    text-decoration: underline;
  }
  .button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.7;
  }
  .notice {
    display: grid;
    justify-items: start;
    gap: var(--_gov-space-s);
    padding: var(--_gov-space-m);
    border-inline-start: 4px solid var(--_gov-color-primary);
    background: var(--_gov-color-surface);
  }
  .notice.problem {
    border-color: var(--_gov-color-text-muted);
  }
  .notice.success {
    border-color: var(--_gov-color-success);
  }
  .success .notice-title {
    color: var(--_gov-color-success);
  }
  .rectify {
    font-weight: 600;
  }
  .skeleton {
    height: 12em;
    border-radius: var(--_gov-radius);
    background: var(--_gov-color-surface);
  }
  @media (prefers-reduced-motion: no-preference) {
    .skeleton {
      animation: gov-evaluate-pulse 1.5s ease-in-out infinite;
    }
  }
  @keyframes gov-evaluate-pulse {
    50% {
      opacity: 0.5;
    }
  }
  .previous {
    padding: var(--_gov-space-m);
    border: 1px solid var(--_gov-color-border);
    border-radius: var(--_gov-radius);
  }
  .facts {
    display: grid;
    gap: 0.25em;
    margin-top: var(--_gov-space-s);
  }
  .fact {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
  }
  dt {
    color: var(--_gov-color-text-muted);
  }
  .form {
    display: grid;
    gap: var(--_gov-space-l);
  }
  .field {
    display: grid;
    gap: var(--_gov-space-s);
    min-width: 0;
    margin: 0;
    padding: 0;
    border: 0;
  }
  .field.invalid {
    padding-inline-start: var(--_gov-space-m);
    border-inline-start: 4px solid var(--_gov-color-danger);
  }
  legend {
    padding: 0;
    margin-bottom: var(--_gov-space-s);
  }
  .error-text {
    color: var(--_gov-color-danger);
    font-weight: 700;
  }
  .summary {
    padding: var(--_gov-space-m);
    border: 4px solid var(--_gov-color-danger);
    border-radius: var(--_gov-radius);
  }
  .summary a {
    display: inline-flex;
    align-items: center;
    min-height: var(--_gov-target-size);
    color: var(--_gov-color-danger);
    font-weight: 700;
  }
  /* The levels: one radio group; checked is told by a thick border, a tick and bold text, not colour alone. */
  .levels {
    display: grid;
    gap: var(--_gov-space-s);
  }
  .level {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr) auto;
    align-items: center;
    gap: var(--_gov-space-s) var(--_gov-space-m);
    min-height: var(--_gov-target-size);
    padding: 0.25em var(--_gov-space-m);
    border: 1px solid var(--_gov-color-border);
    border-radius: var(--_gov-radius);
    background: var(--_gov-color-background);
    cursor: pointer;
    user-select: none;
  }
  .level:hover {
    border-color: var(--_gov-color-primary);
  }
  .level[aria-checked='true'] {
    padding: calc(0.25em - 2px) calc(var(--_gov-space-m) - 2px);
    border: 3px solid var(--_gov-color-primary);
    background: var(--_gov-color-surface);
    font-weight: 700;
  }
  .stars {
    width: 6.25em;
    height: 1.25em;
    color: var(--gov-evaluate-star-color, #9a4f00);
  }
  .stars .on {
    fill: currentColor;
  }
  .stars .off {
    fill: none;
    stroke: currentColor;
    stroke-width: 1.5;
  }
  .tick {
    width: 1.25em;
    height: 1.25em;
    fill: none;
    stroke: var(--_gov-color-primary);
    stroke-width: 2.5;
    visibility: hidden;
  }
  [aria-checked='true'] .tick {
    visibility: visible;
  }
  @container gov-evaluate (min-width: 40em) {
    .levels {
      grid-template-columns: repeat(5, minmax(0, 1fr));
    }
    .level {
      grid-template-columns: minmax(0, 1fr);
      justify-items: center;
      text-align: center;
      padding-block: var(--_gov-space-s);
    }
    .level[aria-checked='true'] {
      padding-block: calc(var(--_gov-space-s) - 2px);
    }
  }
  .checks {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gov-space-s) var(--_gov-space-m);
  }
  .check {
    display: inline-flex;
    align-items: center;
    gap: var(--_gov-space-s);
    min-height: var(--_gov-target-size);
    padding-inline-end: var(--_gov-space-s);
    cursor: pointer;
  }
  .check input {
    width: 1.5em;
    height: 1.5em;
    margin: 0;
    accent-color: var(--_gov-color-primary);
  }
  .text {
    box-sizing: border-box;
    width: 100%;
    min-height: 6em;
    padding: var(--_gov-space-s);
    border: 2px solid var(--_gov-color-border);
    border-radius: var(--_gov-radius);
    background: var(--_gov-color-background);
    color: var(--_gov-color-text);
    font: inherit;
    resize: vertical;
  }
  .invalid .text[aria-invalid='true'] {
    border-color: var(--_gov-color-danger);
  }
  .counter.over {
    color: var(--_gov-color-danger);
    font-weight: 700;
  }
  .submit {
    justify-self: start;
    min-width: 8em;
  }
  /* The dialog: top layer, so page CSS and page stacking cannot cover it. */
  .dialog {
    box-sizing: border-box;
    width: min(var(--gov-evaluate-dialog-width, 40em), calc(100vw - 1em));
    max-height: calc(100dvh - 1em);
    padding: var(--_gov-space-m);
    border: 2px solid var(--_gov-color-border);
    border-radius: var(--_gov-radius);
    background: var(--_gov-color-background);
    color: var(--_gov-color-text);
    overflow: auto;
  }
  .dialog::backdrop {
    background: rgb(0 0 0 / 0.5);
  }
  .dialog-bar {
    display: flex;
    justify-content: flex-end;
  }
  .close {
    border-color: transparent;
  }
  @media (forced-colors: active) {
    .button,
    .level,
    .skeleton {
      border: 1px solid ButtonText;
    }
    .level[aria-checked='true'] {
      border: 3px solid Highlight;
    }
    .stars,
    .tick {
      color: CanvasText;
      stroke: CanvasText;
    }
  }
`;
