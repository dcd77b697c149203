/**
 * `npx govdock` as a process: help in Chinese and English, and exit code 2 with a plain message for
 * every kind of bad usage and bad configuration — before any database is opened.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runGovdock } from './run-govdock.js';

describe('govdock: help and usage errors', () => {
  it('prints help in Chinese and English with exit code 0', async () => {
    for (const flag of ['--help', '-h', 'sync --help']) {
      const result = await runGovdock(flag.split(' '));
      assert.equal(result.code, 0, flag);
      assert.match(result.stdout, /用法 Usage/);
      assert.match(result.stdout, /govdock sync retry-quarantine/);
      assert.match(result.stdout, /govdock doctor \[--out <目录>\]/);
      assert.match(result.stdout, /Exit codes/);
      assert.equal(result.stderr, '');
    }
  });

  it('prints the version', async () => {
    const result = await runGovdock(['--version']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^govdock \d+\.\d+\.\d+\n$/);
  });

  const usageErrors: [string[], RegExp][] = [
    [[], /缺少命令/],
    [['frobnicate'], /未知命令 “frobnicate”/],
    [['sync', '--bogus'], /未知选项 --bogus/],
    [['sync', '--front'], /--front 缺少取值/],
    [['sync', 'status', 'extra'], /多余的参数：extra/],
    [['sync', 'status', '--full'], /--full 只能用于/],
    [['sync', 'cases', 'items'], /多余的参数：items/],
    [['sync', '--out', '/tmp'], /--out 只能用于 govdock doctor/],
    [['doctor', '--full'], /--full 只能用于/],
    [['doctor', 'now'], /多余的参数：now/],
  ];
  for (const [args, message] of usageErrors) {
    it(`exits 2 on \`govdock ${args.join(' ')}\``, async () => {
      const result = await runGovdock(args);
      assert.equal(result.code, 2);
      assert.match(result.stderr, message);
      assert.match(result.stderr, /govdock --help/);
      assert.equal(result.stdout, '');
    });
  }

  it('exits 2 with the ConfigError message naming the key', async () => {
    const result = await runGovdock(['sync', 'status'], { PORT: 'abc' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /配置错误 \(configuration error\)/);
    assert.match(result.stderr, /port \(PORT\)/);
    const file = await runGovdock(['doctor'], { GOVDOCK_CONFIG: '/nonexistent/govdock.json' });
    assert.equal(file.code, 2);
    assert.match(file.stderr, /无法读取配置文件 \/nonexistent\/govdock\.json/);
    const front = await runGovdock(['sync', 'cases', '--front', 'ftp://example.org/x']);
    assert.equal(front.code, 2);
    assert.match(front.stderr, /frontUrl \(FRONT_URL\)/);
  });
});

describe('govdock: the embedded store of a running BFF', () => {
  let server: Server;
  let port: number;
  const dataDir = mkdtempSync(join(tmpdir(), 'govdock-cli-'));

  before(async () => {
    // Stands in for `npm start` on this configuration: what the CLI looks for is its /healthz.
    server = createServer((request, response) => {
      response.writeHead(request.url === '/healthz' ? 200 : 404, { 'Content-Type': 'application/json' });
      response.end('{"status":"ok"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses to open the PGlite folders in use and points at the operator page (exit 2)', async () => {
    for (const args of [['sync', 'status'], ['doctor']]) {
      const result = await runGovdock(args, { PORT: String(port), DATA_DIR: dataDir });
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, /正由运行中的 GovDock 服务使用/);
      assert.match(result.stderr, new RegExp(`http://127\\.0\\.0\\.1:${port}/operator/`));
    }
  });
});
