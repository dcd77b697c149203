/**
 * The gallery and the sample host pages, built into dist/demo/ and served by the BFF at `/`.
 *
 * The pages load the widgets the way a real government site does — a `<script type="module">` tag
 * pointing at the built, versioned files the BFF serves at `/widgets/<version>/` — so nothing here
 * bundles widget code: those tags carry `vite-ignore` and stay external. The version lives in
 * package.json only; HTML says `%GOVDOCK_VERSION%` and the plugin below fills it in.
 *
 * `integrity="%GOVDOCK_LOADER_INTEGRITY%"` becomes the loader's published SRI hash (sri.json of the widget
 * build, which `npm run build` runs first), so the plain host page embeds the way the README recommends
 * and the end-to-end test proves the published hash matches the served file. Without a widget build
 * (or in the dev server, where the widgets come from a running BFF) the attribute is left out.
 *
 * `vite --config demo/vite.config.ts` serves the same pages for editing, proxying the BFF routes
 * (and the built widgets) to a running `npm start`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const demoDir = fileURLToPath(new URL('.', import.meta.url));
const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const version = packageJson.version;

function loaderIntegrity(): string | undefined {
  const sriFile = new URL(`../dist/widgets/${version}/sri.json`, import.meta.url);
  if (!existsSync(sriFile)) return undefined;
  return (JSON.parse(readFileSync(sriFile, 'utf8')) as Record<string, string>)['loader.js'];
}

function govdockPlaceholders(): Plugin {
  let integrity: string | undefined;
  return {
    name: 'govdock-placeholders',
    configResolved(config) {
      integrity = config.command === 'build' ? loaderIntegrity() : undefined;
      if (config.command === 'build' && !integrity)
        config.logger.warn(`dist/widgets/${version}/sri.json not found: host pages built without integrity`);
    },
    // 'pre': the placeholders must be gone before Vite parses the HTML for assets to bundle.
    transformIndexHtml: {
      order: 'pre',
      handler: (html) =>
        html
          .replaceAll('%GOVDOCK_VERSION%', version)
          .replaceAll(/\s+integrity="%GOVDOCK_LOADER_INTEGRITY%"/g, integrity ? ` integrity="${integrity}"` : ''),
    },
  };
}

const hostPages = readdirSync(new URL('./hosts/', import.meta.url))
  .filter((name) => name.endsWith('.html'))
  .map((name) => [`hosts/${name.replace(/\.html$/, '')}`, `${demoDir}hosts/${name}`] as const);

const bffRoutes = ['/widgets', '/auth', '/api', '/events', '/healthz', '/readyz'];
const bffUrl = 'http://127.0.0.1:8787';

export default defineConfig({
  root: demoDir,
  // Relative to root; mockServiceWorker.js must end up at /mockServiceWorker.js so its scope is the whole site.
  publicDir: 'public',
  plugins: [govdockPlaceholders()],
  // Vite 8 transforms JSX with Oxc (no @vitejs/plugin-react needed); the React host page uses
  // React 19's automatic runtime.
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/demo/', import.meta.url)),
    emptyOutDir: true,
    // The polyfill would add code every page runs; every browser we support has modulepreload.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: {
        index: `${demoDir}index.html`,
        'gallery/state': `${demoDir}gallery/state.html`,
        // A second application on the unified identity platform (oidc-client-ts), for roaming SSO.
        'dept-app/index': `${demoDir}dept-app/index.html`,
        ...Object.fromEntries(hostPages),
      },
    },
  },
  server: {
    host: '127.0.0.1',
    proxy: Object.fromEntries(bffRoutes.map((route) => [route, { target: bffUrl, changeOrigin: false }])),
  },
});
