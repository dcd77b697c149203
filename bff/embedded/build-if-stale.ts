/**
 * `npm start` on a fresh clone has no dist/: build the widgets and the gallery first, and rebuild
 * when a source file is newer than the last build, so the two-command quick start always serves
 * what is in the working tree.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestModification(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestModification(join(path, name)));
  return newest;
}

export function buildIfStale(root: string, version: string, log: (line: string) => void): void {
  const markers = [join(root, 'dist/widgets', version, 'loader.js'), join(root, 'dist/demo/index.html')];
  const sources = ['widgets', 'demo', 'vite.config.ts', 'package.json'].map((name) => join(root, name));
  const built = markers.every((marker) => existsSync(marker));
  const builtAt = built ? Math.min(...markers.map((marker) => statSync(marker).mtimeMs)) : 0;
  const sourcesAt = Math.max(...sources.filter((path) => existsSync(path)).map(newestModification));
  if (built && builtAt >= sourcesAt) return;
  log(
    built
      ? '源文件已更新，重新构建组件和演示页… (rebuilding widgets and gallery)'
      : '首次启动，正在构建组件和演示页… (first start: building widgets and gallery)',
  );
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error('构建失败 (build failed): npm run build exited with ' + String(result.status));
}
