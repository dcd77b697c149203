import { css } from 'lit';

/**
 * Tokens only (the private `--_gov-*` copies from the base styles, so 适老化 swaps them all). Sizes in `em` from
 * the host's font size, so user text enlargement carries through; the box, the button and every link are at
 * least `--_gov-target-size` high.
 */
export const searchStyles = css`
  :host {
    display: block;
  }
  /* Page rules reach the host element (even 'all: revert !important'), never this div: what must hold is set here. */
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
  ul {
    margin: 0;
  }
  ul {
    padding: 0;
    list-style: none;
  }
  a {
    color: var(--_gov-color-primary);
    text-underline-offset: 0.15em;
  }
  mark {
    background: var(--gov-search-mark-background, var(--_gov-color-surface));
    color: inherit;
    font-weight: 700;
  }
  .vh {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .form {
    max-width: var(--gov-search-max-width, 40em);
  }
  .box {
    position: relative;
    display: flex;
  }
  .input {
    flex: 1;
    min-width: 0;
    min-height: var(--_gov-target-size);
    box-sizing: border-box;
    margin: 0;
    padding: 0 var(--_gov-space-m);
    border: 2px solid var(--_gov-color-primary);
    border-inline-end: 0;
    border-radius: var(--_gov-radius) 0 0 var(--_gov-radius);
    background: var(--_gov-color-background);
    color: var(--_gov-color-text);
    font: inherit;
  }
  .input::placeholder {
    color: var(--_gov-color-text-muted);
    opacity: 1;
  }
  .button,
  .chip {
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
  .box .button {
    flex: none;
    border-width: 2px;
    border-radius: 0 var(--_gov-radius) var(--_gov-radius) 0;
  }
  .button.primary {
    background: var(--_gov-color-primary);
    color: var(--_gov-color-on-primary);
  }
  .button:hover,
  .chip:hover {
    text-decoration: underline;
  }
  .suggestions {
    position: absolute;
    inset-inline: 0;
    top: 100%;
    z-index: var(--gov-search-suggestions-z-index, 1000);
    margin-top: 0.25em;
    padding: 0.25em 0;
    border: 1px solid var(--_gov-color-border);
    border-radius: var(--_gov-radius);
    background: var(--_gov-color-background);
    box-shadow: 0 0.25em 1em rgb(0 0 0 / 15%);
  }
  .option {
    display: flex;
    align-items: center;
    min-height: var(--_gov-target-size);
    padding: 0 var(--_gov-space-m);
    cursor: pointer;
  }
  .option[aria-selected='true'] {
    background: var(--_gov-color-primary);
    color: var(--_gov-color-on-primary);
    outline: 2px solid var(--_gov-color-focus);
    outline-offset: -2px;
  }
  .option[aria-selected='true'] mark {
    background: transparent;
  }
  .results {
    margin-top: var(--_gov-space-l);
  }
  .title {
    font-size: var(--_gov-font-size-l);
    font-weight: 700;
    line-height: 1.4;
  }
  .status,
  .muted {
    color: var(--_gov-color-text-muted);
  }
  .muted {
    font-size: var(--_gov-font-size-s);
  }
  .understood {
    margin-top: var(--_gov-space-s);
    padding: var(--_gov-space-s) var(--_gov-space-m);
    border-inline-start: 4px solid var(--_gov-color-primary);
    background: var(--_gov-color-surface);
  }
  .group {
    margin-top: var(--_gov-space-l);
  }
  .group-title {
    margin-bottom: var(--_gov-space-s);
    font-size: 1.125em;
    font-weight: 700;
  }
  .hit {
    padding: var(--_gov-space-s) 0;
    border-bottom: 1px solid var(--_gov-color-border);
  }
  .hit-title {
    display: inline-flex;
    align-items: center;
    min-height: var(--_gov-target-size);
    min-width: var(--_gov-target-size);
    font-size: 1.125em;
    font-weight: 600;
  }
  .badge {
    margin-inline-start: var(--_gov-space-s);
    padding: 0 0.4em;
    border: 1px solid currentColor;
    border-radius: var(--_gov-radius);
    color: var(--_gov-color-success);
    font-size: var(--_gov-font-size-s);
  }
  .help {
    display: grid;
    gap: var(--_gov-space-s);
    margin-top: var(--_gov-space-m);
    padding: var(--_gov-space-m);
    background: var(--_gov-color-surface);
  }
  .tips {
    padding-inline-start: 1.25em;
    list-style: disc;
  }
  .themes {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gov-space-s);
  }
  .phone {
    display: inline-flex;
    align-items: center;
    min-height: var(--_gov-target-size);
    min-width: var(--_gov-target-size);
    justify-content: center;
    font-weight: 700;
  }
  .skeleton {
    height: 6em;
    margin-top: var(--_gov-space-m);
    border-radius: var(--_gov-radius);
    background: var(--_gov-color-surface);
  }
  @media (prefers-reduced-motion: no-preference) {
    .skeleton {
      animation: gov-search-pulse 1.5s ease-in-out infinite;
    }
  }
  @keyframes gov-search-pulse {
    50% {
      opacity: 0.5;
    }
  }
  @media (forced-colors: active) {
    .input,
    .button,
    .chip,
    .badge,
    .skeleton {
      border: 1px solid ButtonText;
    }
    .option[aria-selected='true'] {
      forced-color-adjust: none;
      background: Highlight;
      color: HighlightText;
    }
    mark {
      forced-color-adjust: none;
      background: Mark;
      color: MarkText;
    }
  }
`;
