import { css } from 'lit';

/**
 * Tokens only (the private `--_gov-*` copies from the base styles, so 适老化 swaps them all). Sizes in `em`
 * from the host's font size, so user text enlargement carries through; every link and button is at least
 * `--_gov-target-size` high. The layout follows the widget's own width (a container query), not the
 * viewport: a 320px phone and a narrow sidebar column get the same single column with folded facets.
 */
export const itemNavStyles = css`
  :host {
    display: block;
  }
  /*
   * Hostile host CSS reaches the host element (even 'all: revert !important' on it), never this div: what must
   * hold is set here, and inherited properties the page may have skewed on the host are reset to the tokens.
   */
  .root {
    display: block;
    container: gov-item-nav / inline-size;
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
  ol,
  dl,
  dd {
    margin: 0;
  }
  ul,
  ol {
    padding: 0;
    list-style: none;
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
  .title,
  .guide-title {
    margin: 0 0 var(--_gov-space-s);
    font-size: var(--_gov-font-size-l);
    font-weight: 700;
    line-height: 1.4;
  }
  .muted {
    color: var(--_gov-color-text-muted);
    font-size: var(--_gov-font-size-s);
  }
  .button,
  .tab,
  .option,
  .chip,
  .more {
    display: inline-flex;
    align-items: center;
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
    text-align: start;
    text-decoration: none;
    cursor: pointer;
  }
  .button.primary {
    background: var(--_gov-color-primary);
    color: var(--_gov-color-on-primary);
  }
  .button:hover,
  .option:hover,
  .chip:hover,
  .more:hover {
    text-decoration: underline;
  }
  .button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.7;
  }
  .audience {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gov-space-s);
    margin-bottom: var(--_gov-space-m);
    border-bottom: 2px solid var(--_gov-color-border);
  }
  .tab {
    margin-bottom: -2px;
    border-width: 0 0 4px;
    border-color: transparent;
    border-radius: 0;
    background: none;
    color: var(--_gov-color-text);
    font-weight: 600;
  }
  .tab[aria-current='true'] {
    border-color: var(--_gov-color-primary);
    color: var(--_gov-color-primary);
  }
  .layout {
    display: grid;
    gap: var(--gov-item-nav-gap, var(--_gov-space-l));
  }
  .layout > * {
    min-width: 0;
  }
  .facets-toggle {
    width: 100%;
    justify-content: space-between;
  }
  .facets:not(.open) {
    display: none;
  }
  .facets {
    margin-top: var(--_gov-space-s);
  }
  .facets > .title {
    display: none;
  }
  @container gov-item-nav (min-width: 48em) {
    .layout {
      grid-template-columns: var(--gov-item-nav-facets-width, 16em) minmax(0, 1fr);
      align-items: start;
    }
    .facets-toggle {
      display: none;
    }
    .facets:not(.open) {
      display: block;
    }
    .facets {
      margin-top: 0;
    }
    .facets > .title {
      display: block;
    }
  }
  .facet {
    padding: var(--_gov-space-s) 0;
    border-top: 1px solid var(--_gov-color-border);
  }
  .facet-title {
    margin: 0 0 0.25em;
    font-weight: 700;
  }
  .option {
    display: flex;
    justify-content: space-between;
    width: 100%;
    padding-inline: var(--_gov-space-s);
    border-color: transparent;
    color: var(--_gov-color-text);
  }
  .option[aria-current='true'] {
    border-inline-start: 4px solid var(--_gov-color-primary);
    background: var(--_gov-color-surface);
    color: var(--_gov-color-primary);
    font-weight: 700;
  }
  .child .option {
    padding-inline-start: var(--_gov-space-m);
  }
  .count {
    color: var(--_gov-color-text-muted);
    font-size: var(--_gov-font-size-s);
  }
  .more {
    border-color: transparent;
    padding-inline: var(--_gov-space-s);
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gov-space-s);
    margin-bottom: var(--_gov-space-s);
  }
  .chip {
    border-color: var(--_gov-color-border);
    background: var(--_gov-color-surface);
    color: var(--_gov-color-text);
  }
  .chip.clear {
    background: var(--_gov-color-background);
    color: var(--_gov-color-primary);
  }
  .status {
    margin-bottom: var(--_gov-space-s);
    color: var(--_gov-color-text-muted);
  }
  .list {
    border-top: var(--gov-item-nav-item-border, 1px solid var(--_gov-color-border));
  }
  .list.stale {
    opacity: 0.6;
  }
  .item {
    padding: var(--_gov-space-m) 0;
    border-bottom: var(--gov-item-nav-item-border, 1px solid var(--_gov-color-border));
  }
  .item-title {
    font-size: 1.125em;
    font-weight: 600;
  }
  .item-title a {
    display: inline-block;
    min-height: var(--_gov-target-size);
    min-width: var(--_gov-target-size);
    padding: 0.4em 0;
    box-sizing: border-box;
  }
  .tags {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em var(--_gov-space-s);
    margin-top: 0.25em;
  }
  .tags li,
  .necessity {
    padding: 0 0.4em;
    border: 1px solid var(--_gov-color-border);
    border-radius: var(--_gov-radius);
    font-size: var(--_gov-font-size-s);
  }
  .more-results {
    margin-top: var(--_gov-space-m);
  }
  .problem {
    display: grid;
    justify-items: start;
    gap: var(--_gov-space-s);
    padding: var(--_gov-space-m);
    border-inline-start: 4px solid var(--_gov-color-primary);
    background: var(--_gov-color-surface);
  }
  .error {
    color: var(--_gov-color-danger);
  }
  .skeleton {
    height: 4em;
    border-radius: var(--_gov-radius);
    background: var(--_gov-color-surface);
  }
  @media (prefers-reduced-motion: no-preference) {
    .skeleton {
      animation: gov-item-nav-pulse 1.5s ease-in-out infinite;
    }
  }
  @keyframes gov-item-nav-pulse {
    50% {
      opacity: 0.5;
    }
  }
  /* The guide */
  .guide {
    display: grid;
    gap: var(--_gov-space-m);
  }
  .back {
    justify-self: start;
  }
  .guide-title {
    margin: 0;
    font-size: 1.5em;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gov-space-s);
  }
  .sso {
    font-size: var(--_gov-font-size-s);
  }
  .section {
    padding-top: var(--_gov-space-m);
    border-top: 1px solid var(--_gov-color-border);
  }
  .section-title {
    margin-bottom: var(--_gov-space-s);
    font-size: 1.125em;
    font-weight: 700;
  }
  .facts {
    display: grid;
    gap: 0.25em var(--_gov-space-m);
  }
  .fact {
    display: grid;
    grid-template-columns: minmax(6em, 9em) minmax(0, 1fr);
    gap: var(--_gov-space-m);
  }
  dt {
    color: var(--_gov-color-text-muted);
  }
  .clauses,
  .materials,
  .steps {
    padding-inline-start: 1.5em;
    list-style: decimal;
  }
  .clauses li + li,
  .materials li + li,
  .steps li + li {
    margin-top: var(--_gov-space-s);
  }
  .material-name {
    font-weight: 600;
    margin-inline-end: var(--_gov-space-s);
  }
  .necessity.required {
    border-color: var(--_gov-color-danger);
    color: var(--_gov-color-danger);
  }
  .note {
    font-size: var(--_gov-font-size-s);
  }
  .links {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_gov-space-m);
  }
  .links a,
  .fact a {
    display: inline-flex;
    align-items: center;
    min-height: var(--_gov-target-size);
  }
  .faq {
    border-bottom: 1px solid var(--_gov-color-border);
  }
  .faq summary {
    display: flex;
    align-items: center;
    min-height: var(--_gov-target-size);
    font-weight: 600;
    cursor: pointer;
  }
  .faq summary::-webkit-details-marker {
    display: none;
  }
  .faq summary::before {
    content: '+';
    width: 1.25em;
    flex: none;
  }
  .faq[open] summary::before {
    content: '−';
  }
  .faq p {
    padding: 0 0 var(--_gov-space-s) 1.25em;
  }
  @container gov-item-nav (max-width: 30em) {
    .fact {
      grid-template-columns: minmax(0, 1fr);
      gap: 0;
    }
  }
  @media (forced-colors: active) {
    .button,
    .tab,
    .chip,
    .tags li,
    .necessity,
    .skeleton {
      border: 1px solid ButtonText;
    }
    .option[aria-current='true'],
    .tab[aria-current='true'] {
      border-color: Highlight;
    }
  }
`;
