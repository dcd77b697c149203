import { css } from 'lit';

/*
 * Shadow styles every widget starts from (written compact and kept from Prettier because Lit's css
 * is shipped unminified and the runtime has a 9 kB budget).
 *
 * - Public `--gov-*` tokens may be set on any ancestor; `:host` resolves them, with defaults, into
 *   private `--_gov-*` copies that widget styles use, so elder mode swaps the set in one place.
 * - Inherited properties host pages commonly skew are reset to token values rather than
 *   `all: initial`, which would also throw away the user's text enlargement.
 * - font-size: max(16px, 1em) follows enlargement through 1em, but a page's
 *   `html { font-size: 10px }` cannot shrink the widget.
 * - 适老化 (`elder` attribute, or `data-gov-elder` mirrored from <html>): larger text and targets,
 *   high-contrast colours. Fixed values on purpose: the mode exists to guarantee contrast and size,
 *   so a site's palette does not reach into it (and the budget has no room for a second token set).
 */
// prettier-ignore
export const govBaseStyles = css`
:host{--_gov-color-primary:var(--gov-color-primary,#0b5cad);--_gov-color-on-primary:var(--gov-color-on-primary,#fff);
--_gov-color-text:var(--gov-color-text,#1f2329);--_gov-color-text-muted:var(--gov-color-text-muted,#5c6670);
--_gov-color-background:var(--gov-color-background,#fff);--_gov-color-surface:var(--gov-color-surface,#f3f5f8);
--_gov-color-border:var(--gov-color-border,#8a939e);--_gov-color-danger:var(--gov-color-danger,#c81e1e);
--_gov-color-success:var(--gov-color-success,#0a7a3b);--_gov-color-focus:var(--gov-color-focus,#b85c00);
--_gov-font-size-s:var(--gov-font-size-s,.875em);--_gov-font-size-l:var(--gov-font-size-l,1.25em);
--_gov-radius:var(--gov-radius,4px);--_gov-space-s:var(--gov-space-s,.5em);--_gov-space-m:var(--gov-space-m,1em);
--_gov-space-l:var(--gov-space-l,1.5em);--_gov-target-size:var(--gov-target-size,2.75em);
box-sizing:border-box;color:var(--_gov-color-text);
font:400 max(var(--gov-font-size-min,16px),1em)/var(--gov-line-height,1.6) var(--gov-font-family,system-ui,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif);
letter-spacing:normal;word-spacing:normal;overflow-wrap:break-word;text-align:start;text-indent:0;text-shadow:none;text-transform:none;white-space:normal}
:host([elder]),:host([data-gov-elder]){--_gov-color-primary:#003a8c;--_gov-color-text:#000;--_gov-color-text-muted:#1f2329;
--_gov-color-background:#fff;--_gov-color-border:#000;--_gov-color-danger:#a10000;--_gov-color-success:#005c1f;
--_gov-color-focus:#000;--_gov-target-size:3em;font-size:max(20px,1.25em);line-height:1.8}
:host([hidden]),[hidden]{display:none!important}
*,::before,::after{box-sizing:inherit}
:focus-visible{outline:3px solid var(--_gov-color-focus);outline-offset:2px}
@media(forced-colors:active){:focus-visible{outline-color:Highlight}}
`;
