import { css } from 'lit';

/**
 * Tokens only (the private `--_gov-*` copies from the base styles, so 适老化 swaps them all). Sizes in `em` from
 * the host's font size, so user text enlargement carries through; every tab, link and button is at least
 * `--_gov-target-size` in both directions. The tabs wrap on narrow containers (320px phones) instead of scrolling.
 */
export const userSpaceStyles = css`
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
  .button,
  .tab {
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
  .button.primary {
    background: var(--_gov-color-primary);
    color: var(--_gov-color-on-primary);
  }
  .button:hover {
    text-decoration: underline;
  }
  .button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.7;
  }
  .tabs {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_gov-space-s);
    margin: var(--_gov-space-m) 0;
    border-bottom: 2px solid var(--_gov-color-border);
  }
  .tab {
    margin-bottom: -2px;
    padding-inline: var(--_gov-space-s);
    border-width: 0 0 4px;
    border-color: transparent;
    border-radius: 0;
    background: none;
    color: var(--_gov-color-text);
    font-weight: 600;
  }
  .tab[aria-selected='true'] {
    border-color: var(--_gov-color-primary);
    color: var(--_gov-color-primary);
  }
  .status {
    margin-bottom: var(--_gov-space-s);
    color: var(--_gov-color-text-muted);
  }
  .entries {
    border-top: var(--gov-user-space-entry-border, 1px solid var(--_gov-color-border));
  }
  .entry {
    display: grid;
    gap: 0.25em;
    padding: var(--_gov-space-m) 0;
    border-bottom: var(--gov-user-space-entry-border, 1px solid var(--_gov-color-border));
  }
  .entry-title {
    font-size: 1.125em;
    font-weight: 600;
  }
  .entry:not(.unread) .entry-title {
    font-weight: 400;
  }
  .line,
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25em var(--_gov-space-s);
  }
  .badge {
    padding: 0 0.5em;
    border: 1px solid currentColor;
    border-radius: var(--_gov-radius);
    color: var(--_gov-color-primary);
    font-size: var(--_gov-font-size-s);
    font-weight: 600;
    white-space: nowrap;
  }
  .badge.good {
    color: var(--_gov-color-success);
  }
  .badge.bad {
    color: var(--_gov-color-danger);
  }
  .facts {
    display: grid;
    gap: 0.25em var(--_gov-space-m);
    margin-bottom: var(--_gov-space-s);
  }
  /*
   * Label beside value, or above it when the row is narrower than both need (a 320px phone): wrapping, not a
   * container query, so the widget keeps its natural width inside a host's flex or grid layout.
   */
  .fact {
    display: flex;
    flex-wrap: wrap;
    column-gap: var(--_gov-space-m);
  }
  .fact dt {
    flex: 1 0 6em;
    max-width: 10em;
  }
  .fact dd {
    flex: 999 1 12em;
    min-width: 0;
  }
  dt {
    color: var(--_gov-color-text-muted);
  }
  .problem,
  .prompt {
    display: grid;
    justify-items: start;
    gap: var(--_gov-space-s);
    padding: var(--_gov-space-m);
    border-inline-start: 4px solid var(--_gov-color-primary);
    background: var(--_gov-color-surface);
  }
  .skeleton {
    height: 6em;
    border-radius: var(--_gov-radius);
    background: var(--_gov-color-surface);
  }
  @media (prefers-reduced-motion: no-preference) {
    .skeleton {
      animation: gov-user-space-pulse 1.5s ease-in-out infinite;
    }
  }
  @keyframes gov-user-space-pulse {
    50% {
      opacity: 0.5;
    }
  }
  @media (forced-colors: active) {
    .button,
    .tab,
    .badge,
    .skeleton {
      border: 1px solid ButtonText;
    }
    .tab[aria-selected='true'] {
      border-color: Highlight;
    }
  }
`;
