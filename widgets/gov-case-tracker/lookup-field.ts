import { html, nothing, type TemplateResult } from 'lit';
import type { LookupField } from './lookup.js';

export interface LookupFieldView {
  field: LookupField;
  label: string;
  /** Help under the label (the ID tail's X), '' for none. */
  hint: string;
  /** The field's problem from the last 查询, '' for none. */
  error: string;
  value: string;
  maxLength: number;
  onInput(value: string): void;
}

/**
 * One lookup field, GOV.UK style: label, hint, then the error above the box, both tied to the box with
 * aria-describedby (hint first) so a screen reader hears why the field is invalid when focus lands on it.
 */
export function renderLookupField(view: LookupFieldView): TemplateResult {
  const { field, hint, error } = view;
  const described = [hint ? `h-${field}` : '', error ? `e-${field}` : ''].filter(Boolean).join(' ');
  return html`<div class="field ${error ? 'invalid' : ''}">
    <label for="f-${field}">${view.label}</label>
    ${hint ? html`<p class="hint" id="h-${field}">${hint}</p>` : nothing}
    ${error ? html`<p class="field-error" id="e-${field}">${error}</p>` : nothing}
    <input
      id="f-${field}"
      part="input"
      class="input ${field}"
      name=${field}
      autocomplete=${field === 'applicantName' ? 'name' : 'off'}
      spellcheck="false"
      maxlength=${view.maxLength}
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${described || nothing}
      .value=${view.value}
      @input=${(event: Event) => view.onInput((event.target as HTMLInputElement).value)}
    />
  </div>`;
}
