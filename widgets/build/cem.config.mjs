// Custom Elements Manifest analyzer settings for `widgets/build/post-build.ts` (which passes --outdir).
// `packagejson: false`: the analyzer would otherwise write a `customElements` key into package.json.

/**
 * Lit's `static properties` entries marked `state: true` are internal reactive state, not attributes or
 * public fields; the analyzer's Lit plugin lists them as both, so they are taken out here.
 */
function internalStatePlugin() {
  const internal = new Map(); // class name → names of state properties
  return {
    name: 'govdock-internal-state',
    analyzePhase({ ts, node }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      for (const member of node.members) {
        const isStatic = member.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword);
        if (!isStatic || member.name?.getText() !== 'properties' || !member.initializer) continue;
        if (!ts.isObjectLiteralExpression(member.initializer)) continue;
        for (const property of member.initializer.properties) {
          if (!ts.isPropertyAssignment(property) || !ts.isObjectLiteralExpression(property.initializer)) continue;
          const isState = property.initializer.properties.some(
            (option) => option.name?.getText() === 'state' && option.initializer?.kind === ts.SyntaxKind.TrueKeyword,
          );
          if (isState) {
            const names = internal.get(node.name.getText()) ?? new Set();
            names.add(property.name.getText());
            internal.set(node.name.getText(), names);
          }
        }
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules)
        for (const declaration of module.declarations ?? []) {
          const names = internal.get(declaration.name);
          if (names) {
            declaration.members = declaration.members?.filter((member) => !names.has(member.name));
            declaration.attributes = declaration.attributes?.filter((attribute) => !names.has(attribute.fieldName));
          }
          // The base class dispatches through `emit(name, …)`; only the documented `gov-*` names are events.
          if (declaration.events) declaration.events = declaration.events.filter((event) => /^gov-/.test(event.name));
        }
    },
  };
}

export default {
  globs: ['widgets/gov-*/*.ts', 'widgets/runtime/gov-element.ts'],
  litelement: true,
  packagejson: false,
  plugins: [internalStatePlugin()],
};
