/**
 * A drop-folder front processor (architecture §7): the folder exists and can be read and written
 * (files move to `done/` after they are applied), which files are complete (their `.ok` marker
 * exists), which are still waiting for one, and which name a table the layout does not read.
 */
import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Layout } from '../contracts.js';
import type { CheckResult } from './types.js';

const DROP_FILE = /^([^.]+)\.(.+)\.(jsonl|csv)$/i;

export async function folderChecks(folder: string, layout: Layout): Promise<CheckResult[]> {
  const base = { group: 'front' as const };
  try {
    const info = await stat(folder);
    if (!info.isDirectory()) throw new Error(`${folder} 不是目录`);
    await access(folder, constants.R_OK | constants.W_OK);
  } catch (error) {
    return [
      {
        ...base,
        id: 'front.folder',
        title: `交换目录 ${folder}`,
        status: 'fail',
        summary: '交换目录不存在或没有读写权限',
        evidence: [(error as Error).message],
      },
    ];
  }
  const names = await readdir(folder);
  const present = new Set(names);
  const tables = new Set(layout.streams.map((stream) => stream.sourceTable.toLowerCase()));
  const complete: string[] = [];
  const waiting: string[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const match = DROP_FILE.exec(name);
    if (!match) continue;
    if (!tables.has((match[1] as string).toLowerCase())) unknown.push(name);
    else if (present.has(`${name}.ok`)) complete.push(name);
    else waiting.push(name);
  }
  const orphanMarkers = names.filter((name) => name.endsWith('.ok') && !present.has(name.slice(0, -3)));
  const done = present.has('done') ? (await readdir(join(folder, 'done')).catch(() => [])).length : 0;
  const evidence = [
    `已完成（有 .ok 标记）${complete.length} 个${complete.length ? `：${complete.slice(0, 10).join('，')}` : ''}`,
    `等待 .ok 标记 ${waiting.length} 个${waiting.length ? `：${waiting.slice(0, 10).join('，')}` : ''}`,
    `已归档（done/）${done} 个`,
    `映射读取的表：${[...tables].join('，')}`,
  ];
  const findings: string[] = [];
  if (unknown.length > 0)
    findings.push(`${unknown.length} 个文件的表名不在映射中，不会被处理：${unknown.slice(0, 5).join('，')}`);
  if (orphanMarkers.length > 0)
    findings.push(`${orphanMarkers.length} 个 .ok 标记没有对应文件：${orphanMarkers.slice(0, 5).join('，')}`);
  return [
    {
      ...base,
      id: 'front.folder',
      title: `交换目录 ${folder}`,
      status: findings.length > 0 ? 'warn' : 'pass',
      summary: findings.length > 0 ? findings.join('；') : `目录可读写，待处理文件 ${complete.length} 个`,
      evidence,
    },
  ];
}
