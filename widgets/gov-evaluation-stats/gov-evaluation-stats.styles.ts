import { css } from 'lit';

/**
 * Tokens only (the private `--_gov-*` copies from the base styles, so 适老化 swaps them all). Sizes in `em`, so
 * user text enlargement carries through. Tables stay tables at every width: long names wrap, numbers do not, and
 * on a 320px phone the share bar moves under its percentage.
 */
export const evaluationStatsStyles = css`
  :host {
    display: block;
  }
  /* Hostile host CSS reaches the host element, never this element: what must hold is set here. */
  .root {
    display: grid;
    gap: var(--_gov-space-m);
    container: gov-evaluation-stats / inline-size;
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
  dl,
  dd {
    margin: 0;
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
  .content {
    display: grid;
    gap: var(--_gov-space-l);
  }
  .stale {
    opacity: 0.6;
  }
  .figures {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(8em, 1fr));
    gap: var(--_gov-space-s);
  }
  .figure {
    padding: var(--_gov-space-s) var(--_gov-space-m);
    border-inline-start: 4px solid var(--_gov-color-primary);
    background: var(--_gov-color-surface);
  }
  .figure dt {
    color: var(--_gov-color-text-muted);
  }
  .figure dd {
    font-size: 1.5em;
    font-weight: 700;
    line-height: 1.3;
    font-variant-numeric: tabular-nums;
  }
  .table {
    width: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  caption {
    margin-bottom: var(--_gov-space-s);
    font-weight: 700;
    text-align: start;
  }
  th,
  td {
    padding: var(--_gov-space-s) var(--_gov-space-s) var(--_gov-space-s) 0;
    border-bottom: 1px solid var(--_gov-color-border);
    text-align: start;
    vertical-align: top;
  }
  thead th {
    color: var(--_gov-color-text-muted);
    font-size: var(--_gov-font-size-s);
    font-weight: 600;
  }
  tbody th {
    font-weight: 600;
  }
  .num {
    text-align: end;
    white-space: nowrap;
  }
  .levels .share {
    width: 50%;
  }
  .share {
    display: grid;
    gap: 0.25em;
  }
  thead .share {
    display: table-cell;
  }
  .pct {
    white-space: nowrap;
  }
  .bar {
    display: block;
    width: 100%;
    height: 0.75em;
  }
  .bar .track {
    fill: var(--_gov-color-surface);
  }
  .bar .fill {
    fill: var(--gov-evaluation-stats-bar-color, var(--_gov-color-primary));
  }
  @container gov-evaluation-stats (min-width: 36em) {
    .share {
      grid-template-columns: 4.5em minmax(0, 1fr);
      align-items: center;
    }
  }
  .group-by {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_gov-space-s) var(--_gov-space-m);
    margin-bottom: var(--_gov-space-m);
  }
  .group-by label {
    font-weight: 700;
  }
  .select {
    box-sizing: border-box;
    min-height: var(--_gov-target-size);
    min-width: 8em;
    padding: 0 var(--_gov-space-s);
    border: 2px solid var(--_gov-color-border);
    border-radius: var(--_gov-radius);
    background: var(--_gov-color-background);
    color: var(--_gov-color-text);
    font: inherit;
  }
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    box-sizing: border-box;
    min-height: var(--_gov-target-size);
    min-width: var(--_gov-target-size);
    padding: 0.25em var(--_gov-space-m);
    border: 1px solid var(--_gov-color-primary);
    border-radius: var(--_gov-radius);
    background: var(--_gov-color-background);
    color: var(--_gov-color-primary);
    font: inherit;
    cursor: pointer;
  }
  .problem {
    display: grid;
    justify-items: start;
    gap: var(--_gov-space-s);
    padding: var(--_gov-space-m);
    border-inline-start: 4px solid var(--_gov-color-text-muted);
    background: var(--_gov-color-surface);
  }
  .skeleton {
    height: 16em;
    border-radius: var(--_gov-radius);
    background: var(--_gov-color-surface);
  }
  @media (prefers-reduced-motion: no-preference) {
    .skeleton {
      animation: gov-evaluation-stats-pulse 1.5s ease-in-out infinite;
    }
  }
  @keyframes gov-evaluation-stats-pulse {
    50% {
      opacity: 0.5;
    }
  }
  @media (forced-colors: active) {
    .bar .track {
      fill: Canvas;
      stroke: CanvasText;
    }
    .bar .fill {
      fill: CanvasText;
    }
    .figure,
    .problem {
      border: 1px solid CanvasText;
    }
  }
`;
