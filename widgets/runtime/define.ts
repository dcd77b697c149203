/** A custom element class that says which release it belongs to. */
export type VersionedElement = CustomElementConstructor & { version?: string };

/**
 * Registers `tag` unless it is taken. Pages often load a widget twice (a bundled copy and the script
 * tag); the first copy wins, a different version only warns, and nothing here ever throws.
 */
export function defineElement(tag: string, ctor: VersionedElement): void {
  const existing = customElements.get(tag) as VersionedElement | undefined;
  try {
    if (!existing) customElements.define(tag, ctor);
    else if (existing.version !== ctor.version)
      console.warn(`GovDock: <${tag}> is version ${existing.version}; ${ctor.version} not registered`);
  } catch (error) {
    // e.g. the same class registered under another tag, or an invalid name
    console.warn(`GovDock: <${tag}>`, error);
  }
}
