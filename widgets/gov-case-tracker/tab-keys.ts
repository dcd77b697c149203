/**
 * Arrow keys in a WAI-ARIA tablist with manual activation (APG "Tabs"): ←/→ move focus round the tabs, Home and
 * End to the ends; Enter or Space — the tab button's own click — activates. Manual, because every tab loads from
 * the BFF: moving through the tabs must not fire a request per keystroke. The render sets the roving tabindex.
 *
 * gov-user-space keeps its own copy: a module imported by two widget entries would become a shared chunk, which
 * the build refuses (widgets/build/post-build.ts), and the runtime chunk has no room left.
 */
export function moveTabFocus(event: KeyboardEvent): void {
  const tabs = [...(event.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('[role="tab"]')];
  const at = tabs.indexOf(event.target as HTMLElement);
  const last = tabs.length - 1;
  const next =
    at < 0
      ? undefined
      : { ArrowRight: at < last ? at + 1 : 0, ArrowLeft: at ? at - 1 : last, Home: 0, End: last }[event.key];
  if (next === undefined) return;
  event.preventDefault();
  tabs[next]?.focus();
}
