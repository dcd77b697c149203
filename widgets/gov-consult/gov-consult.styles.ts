import { css } from 'lit';

/**
 * Tokens only (the private `--_gov-*` copies from the base styles, so 适老化 swaps them all). Sizes in `em` from the
 * host's font size, so user text enlargement carries through; every control is at least `--_gov-target-size`
 * high. One column throughout, so a 320px phone needs no special case; the question box puts its button under the
 * field when the row gets narrow (flex-wrap).
 */
export const consultStyles = css`
  :host {
    display: block;
  }
  /* Hostile host CSS reaches the host element, never this div: what must hold is set here. */
  .root {
    display: grid;
    gap: var(--_gov-space-m);
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
    font-size: max(20px, 1em);
    line-height: 1.8;
  }
  p,
  ul,
  ol,
  dl,
  dd {
    margin: 0;
  }
  ul,
  ol {
    padding-inline-start: 1.25em;
  }
  a {
    color: var(--_gov-color-primary);
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
  .title {
    font-size: var(--_gov-font-size-l);
    font-weight: 700;
    line-height: 1.4;
  }
  .subtitle {
    font-size: 1.125em;
    font-weight: 700;
  }
  .label,
  .who {
    font-weight: 700;
  }
  .muted,
  .counter {
    color: var(--_gov-color-text-muted);
    font-size: var(--_gov-font-size-s);
  }
  .notice:not(.shown) {
    display: none;
  }
  .notice {
    padding: var(--_gov-space-s) var(--_gov-space-m);
    border-inline-start: 4px solid var(--_gov-color-success);
    background: var(--_gov-color-surface);
    font-weight: 700;
  }
  .tabs {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_gov-space-s);
    border-bottom: 1px solid var(--_gov-color-border);
  }
  .tab {
    min-height: var(--_gov-target-size);
    padding: 0.25em var(--_gov-space-m);
    border: 0;
    border-bottom: 4px solid transparent;
    background: none;
    color: var(--_gov-color-text);
    font: inherit;
    cursor: pointer;
  }
  .tab[aria-selected='true'] {
    border-bottom-color: var(--_gov-color-primary);
    color: var(--_gov-color-primary);
    font-weight: 700;
  }
  .panel,
  .assistant,
  .form,
  .field,
  .answer,
  .offer,
  .done,
  .detail,
  .prompt,
  .problem,
  .exchange,
  .intro {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_gov-space-m);
    min-width: 0;
  }
  .intro,
  .answer,
  .offer {
    gap: var(--_gov-space-s);
  }
  .log {
    display: grid;
    gap: var(--_gov-space-l);
    padding: 0;
    list-style: none;
  }
  .log:empty {
    display: none;
  }
  .q {
    justify-self: end;
    max-width: 90%;
    padding: var(--_gov-space-s) var(--_gov-space-m);
    border-radius: var(--_gov-radius);
    background: var(--_gov-color-primary);
    color: var(--_gov-color-on-primary);
  }
  .answer {
    padding: var(--_gov-space-m);
    border: 1px solid var(--_gov-color-border);
    border-inline-start-width: 4px;
    border-radius: var(--_gov-radius);
  }
  .answer.uncertain,
  .answer.unknown {
    border-inline-start-color: var(--_gov-color-danger);
  }
  .text {
    white-space: pre-line;
  }
  .warning,
  .late {
    color: var(--_gov-color-danger);
  }
  .ask-row,
  .actions,
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gov-space-s);
    align-items: center;
  }
  .ask-row .input {
    flex: 1 1 12em;
  }
  .button,
  .link {
    display: inline-flex;
    align-items: center;
    justify-content: center;
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
    justify-self: start;
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
  .back,
  .submit,
  .picked .button {
    justify-self: start;
  }
  .input {
    box-sizing: border-box;
    width: 100%;
    min-height: var(--_gov-target-size);
    padding: 0.25em var(--_gov-space-s);
    border: 2px solid var(--_gov-color-border);
    border-radius: var(--_gov-radius);
    background: var(--_gov-color-background);
    color: var(--_gov-color-text);
    font: inherit;
  }
  .text.input {
    min-height: 8em;
    resize: vertical;
  }
  .input[aria-invalid='true'] {
    border-color: var(--_gov-color-danger);
  }
  .file {
    min-height: var(--_gov-target-size);
    width: 100%;
    font: inherit;
  }
  fieldset {
    margin: 0;
    padding: 0;
    border: 0;
  }
  legend {
    padding: 0;
    margin-bottom: var(--_gov-space-s);
  }
  .field.invalid {
    padding-inline-start: var(--_gov-space-m);
    border-inline-start: 4px solid var(--_gov-color-danger);
  }
  .error-text {
    color: var(--_gov-color-danger);
    font-weight: 700;
  }
  .counter.over {
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
    min-height: var(--_gov-target-size);
    align-items: center;
    color: var(--_gov-color-danger);
    font-weight: 700;
  }
  .choices {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_gov-space-m);
  }
  .check {
    display: inline-flex;
    align-items: center;
    gap: var(--_gov-space-s);
    min-height: var(--_gov-target-size);
    cursor: pointer;
  }
  .check input {
    flex: none;
    width: 1.5em;
    height: 1.5em;
    margin: 0;
    accent-color: var(--_gov-color-primary);
  }
  .files,
  .list,
  .replies {
    display: grid;
    gap: var(--_gov-space-s);
    padding: 0;
    list-style: none;
  }
  .picked,
  .ticket,
  .reply {
    display: grid;
    gap: 0.25em;
    padding: var(--_gov-space-s) 0;
    border-bottom: 1px solid var(--_gov-color-border);
  }
  progress {
    width: 100%;
    height: 0.75em;
    accent-color: var(--_gov-color-primary);
  }
  .badge {
    padding: 0 var(--_gov-space-s);
    border: 1px solid var(--_gov-color-border);
    border-radius: var(--_gov-radius);
    font-size: var(--_gov-font-size-s);
  }
  .sources a {
    display: inline-flex;
    align-items: center;
    min-height: var(--_gov-target-size);
  }
  .ticket-link {
    font-weight: 700;
  }
  .facts {
    display: grid;
    gap: 0.25em;
  }
  dt {
    color: var(--_gov-color-text-muted);
  }
  .skeleton {
    height: 10em;
    border-radius: var(--_gov-radius);
    background: var(--_gov-color-surface);
  }
  @media (forced-colors: active) {
    .button,
    .tab[aria-selected='true'],
    .q {
      border: 2px solid ButtonText;
    }
  }
`;
