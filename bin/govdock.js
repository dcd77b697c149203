#!/usr/bin/env node
// `npx govdock …` — the operator command line (bff/cli/main.ts). The BFF has no build step
// (DEVELOPERS.md): like `npm start`, the CLI runs its TypeScript through tsx, a runtime
// dependency, so this works on a fresh machine right after `npm install`.
import 'tsx';

const { runCli } = await import('../bff/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
