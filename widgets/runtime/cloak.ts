/**
 * Stylesheet text for not-yet-upgraded widgets, for the loader to adopt
 * (`document.adoptedStyleSheets`, so it works under a CSP without 'unsafe-inline').
 *
 * Each listed tag, until defined, reserves `--gov-reserve-height` (the widget's usual height, set by
 * the site) so the page does not jump, and keeps its fallback content invisible for `revealAfterMs`.
 * After that the fallback shows anyway: a widget that failed to load leaves a working link, not a
 * hole. With JavaScript off nothing is adopted and the fallback shows at once.
 *
 * CSS has no `gov-*` tag wildcard, hence the explicit list.
 */
export function cloakCss(tags: readonly string[], revealAfterMs = 3000): string {
  return `:where(${tags.join()}):not(:defined){display:var(--gov-reserve-display,block);min-height:var(--gov-reserve-height,0);visibility:hidden;animation:gov-reveal 0s ${revealAfterMs}ms forwards}@keyframes gov-reveal{to{visibility:visible}}`;
}
