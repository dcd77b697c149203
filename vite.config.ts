/**
 * Widget build: `dist/widgets/<version>/` holds `loader.js`, one shared `runtime.js` (Lit + widgets/runtime)
 * and one `gov-<name>.js` per widget folder. The folder is versioned and immutable, so names carry no hashes.
 *
 * Why each non-default setting is here:
 * - `rolldownOptions.output.minify` with `codegen`: in Vite 8 library mode `build.minify` alone keeps the
 *   whitespace (measured ~20 % larger); the object form turns on full code generation minification.
 * - `comments: false`: strips `@__PURE__` annotations and Lit's `@license` headers from the shipped files;
 *   the licences go into `THIRD-PARTY-NOTICES.txt` next to them (widgets/build/post-build.ts).
 * - `codeSplitting.groups`: every widget imports the one runtime chunk instead of getting its own Lit copy.
 * - Lit's css`` and html`` literals are squeezed (comments, indentation): the JS minifier never touches
 *   template text, and the shadow CSS was over a kilobyte of whitespace.
 * - the loader gets a private copy of whatever it imports from widgets/runtime (only the cloak CSS text):
 *   otherwise Rolldown would make the loader import runtime.js and a page without widgets would load Lit.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { defineConfig, parseAst, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const widgetsDir = join(root, 'widgets');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

/** Every `widgets/gov-<name>/define.ts` becomes `gov-<name>.js`. */
export function widgetTags(): string[] {
  return readdirSync(widgetsDir)
    .filter((name) => /^gov-[a-z0-9-]+$/.test(name) && existsSync(join(widgetsDir, name, 'define.ts')))
    .sort();
}

// @lit/task stays with the widget that uses it: the runtime chunk has no room for it under its 9 kB budget.
const RUNTIME_MODULE =
  /node_modules[\\/](?:lit|lit-html|lit-element|@lit[\\/](?!task[\\/])[^\\/]+)[\\/]|[\\/]widgets[\\/]runtime[\\/]/;
const LOADER_COPY = '\0govdock-loader-copy:';

function loaderPrivateRuntimeCopy(): Plugin {
  const loaderPath = join(widgetsDir, 'loader.ts');
  return {
    name: 'govdock:loader-private-runtime-copy',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (importer !== loaderPath && !importer?.startsWith(LOADER_COPY)) return null;
      if (!source.startsWith('.')) return null;
      const base = importer.startsWith(LOADER_COPY) ? importer.slice(LOADER_COPY.length) : importer;
      const target = fileURLToPath(new URL(source.replace(/\.js$/, '.ts'), 'file://' + base));
      return RUNTIME_MODULE.test(target) ? LOADER_COPY + target : null;
    },
    load(id) {
      return id.startsWith(LOADER_COPY) ? readFileSync(id.slice(LOADER_COPY.length), 'utf8') : null;
    },
  };
}

/** Outside quoted strings: drop comments, collapse whitespace, and remove it where CSS never needs it. */
export function squeezeCss(text: string): string {
  return text
    .split(/('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/)
    .map((part, index) =>
      index % 2
        ? part
        : part
            .replace(/\/\*[\s\S]*?\*\//g, '')
            .replace(/\s+/g, ' ')
            // Not before ':' — `.a :hover` differs from `.a:hover`; nor around '+'/'-' (calc()).
            .replace(/ ?([{};,>]) ?/g, '$1')
            .replace(/: /g, ':')
            .replace(/;}/g, '}'),
    )
    .join('');
}

/** HTML text collapses whitespace runs anyway (we use no <pre>), so one space is as good as many. */
export function squeezeHtml(text: string): string {
  return text.replace(/\s+/g, ' ');
}

function minifyTemplateLiterals(): Plugin {
  return {
    name: 'govdock:minify-template-literals',
    enforce: 'post',
    apply: 'build',
    transform(code, id) {
      if (!id.startsWith(widgetsDir) || !/\.ts$/.test(id) || !/\b(css|html)`/.test(code)) return null;
      const edits: { start: number; end: number; text: string }[] = [];
      const visit = (node: unknown): void => {
        if (!node || typeof node !== 'object') return;
        if (Array.isArray(node)) return node.forEach(visit);
        const record = node as Record<string, unknown> & { type?: string };
        if (record.type === 'TaggedTemplateExpression') {
          const tag = record.tag as { type: string; name?: string };
          const squeeze =
            tag.type === 'Identifier' ? { css: squeezeCss, html: squeezeHtml }[tag.name ?? ''] : undefined;
          const quasis = (record.quasi as { quasis: { start: number; end: number; value: { raw: string } }[] }).quasis;
          if (squeeze)
            for (const [index, quasi] of quasis.entries()) {
              let text = squeeze(quasi.value.raw);
              // A stylesheet's outer edges never need whitespace (an inner edge may separate from an expression);
              // html`` keeps them, since a space between inline templates can show.
              if (squeeze === squeezeCss && index === 0) text = text.trimStart();
              if (squeeze === squeezeCss && index === quasis.length - 1) text = text.trimEnd();
              if (text !== quasi.value.raw) edits.push({ start: quasi.start, end: quasi.end, text });
            }
        }
        for (const [key, value] of Object.entries(record)) if (key !== 'parent') visit(value);
      };
      visit(parseAst(code));
      if (edits.length === 0) return null;
      let out = code;
      for (const edit of edits.sort((a, b) => b.start - a.start))
        out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
      return { code: out, map: null };
    },
  };
}

const tags = widgetTags();

export default defineConfig({
  // No index.html, no public dir: this is a library build.
  publicDir: false,
  plugins: [loaderPrivateRuntimeCopy(), minifyTemplateLiterals()],
  define: {
    // The loader only requests files that exist; an unknown gov-* tag warns instead of a 404.
    __GOV_WIDGETS__: JSON.stringify(tags),
    __GOV_VERSION__: JSON.stringify(version),
  },
  build: {
    outDir: `dist/widgets/${version}`,
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: false,
    reportCompressedSize: false,
    sourcemap: false,
    minify: true,
    lib: {
      entry: {
        loader: join(widgetsDir, 'loader.ts'),
        ...Object.fromEntries(tags.map((tag) => [tag, join(widgetsDir, tag, 'define.ts')])),
      },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    rolldownOptions: {
      output: {
        minify: { compress: true, mangle: true, codegen: { removeWhitespace: true } },
        comments: false,
        entryFileNames: '[name].js',
        chunkFileNames: '[name].js',
        codeSplitting: {
          groups: [{ name: 'runtime', test: (id) => RUNTIME_MODULE.test(id) && !id.startsWith(LOADER_COPY) }],
        },
      },
    },
  },
});
