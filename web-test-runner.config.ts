/**
 * Browser tests for the widgets: every `test/widgets/**\/*.test.ts`, in Debian's Chromium.
 * Run: `npx web-test-runner --config web-test-runner.config.ts` with tsx loaded for this TypeScript
 * config (`NODE_OPTIONS='--import tsx'`), since @web/test-runner itself only loads .js/.mjs/.cjs.
 */
import { esbuildPlugin } from '@web/dev-server-esbuild';
import type { TestRunnerConfig, TestRunnerPlugin } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { testBffMiddleware } from './test/widgets/support/test-bff.js';

export default {
  files: ['test/widgets/**/*.test.ts'],
  nodeResolve: true,
  // Two pages at a time suits a 2-core machine; test-bff scopes keep parallel pages apart.
  concurrency: 2,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        headless: true,
        // Run as root in a container; the networking flags stop Chromium probing closed network paths.
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-dev-shm-usage',
        ],
      },
      // Each test page in its own browser context (its own window): with two pages in one window the
      // background tab gets no requestAnimationFrame and @open-wc's fixture() times out. Separate
      // contexts also keep BroadcastChannel and Web Locks of parallel test files apart.
      createPage: async ({ browser }) => (await browser.createBrowserContext()).newPage(),
    }),
  ],
  // The esbuild plugin is typed against its own copy of @web/dev-server-core; at run time they agree.
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }) as unknown as TestRunnerPlugin],
  middleware: [testBffMiddleware()],
  testFramework: { config: { timeout: 10000 } },
  browserStartTimeout: 60000,
  testsStartTimeout: 60000,
  testsFinishTimeout: 180000,
} satisfies TestRunnerConfig;
