import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { DropFile, DropFolderSource, DropLine } from '../../../../../bff/sync/contracts.js';
import { openDropFolderSource, parseCsvRecord } from '../../../../../bff/sync/sources/file-drop/index.js';

const root = await mkdtemp(join(tmpdir(), 'govdock-drop-'));
after(() => rm(root, { recursive: true, force: true }));
let folders = 0;

async function freshFolder(): Promise<string> {
  folders += 1;
  const folder = join(root, `f${folders}`);
  await mkdir(folder);
  return folder;
}

async function drop(folder: string, name: string, content: string | Buffer, complete = true): Promise<void> {
  await writeFile(join(folder, name), content);
  if (complete) await writeFile(join(folder, `${name}.ok`), '');
}

async function linesOf(source: DropFolderSource, file: DropFile): Promise<DropLine[]> {
  const out: DropLine[] = [];
  for await (const line of source.readLines(file)) out.push(line);
  return out;
}

const never = async (): Promise<boolean> => false;
const sha256 = (content: string | Buffer) => createHash('sha256').update(content).digest('hex');

test('a file is taken only once its .ok marker exists, keyed by the SHA-256 of its content', async () => {
  const folder = await freshFolder();
  const content = '{"row_guid":"a","cd_time":"2026-01-05 10:00:00"}\n';
  await drop(folder, 'up_pro_accept.B20260105T100000-0002.jsonl', content, false);
  await drop(folder, 'up_pro_process.B20260105T100000-0001.jsonl', content);
  await drop(folder, 'notes.txt', 'x');
  await drop(folder, 'up_pro_result.jsonl', content); // no batch: not a drop file
  await writeFile(join(folder, 'up_pro_material.B1.csv.ok'), ''); // marker without its file
  await mkdir(join(folder, 'up_pro_result.B1.jsonl'));
  await writeFile(join(folder, 'up_pro_result.B1.jsonl.ok'), '');
  const source = await openDropFolderSource(folder, { sourceTimeZone: '+08:00' });
  assert.match(source.description, /投递目录/);
  let ready = await source.listReady(never);
  assert.deepEqual(
    ready.map((f) => f.name),
    ['up_pro_process.B20260105T100000-0001.jsonl'],
  );
  assert.deepEqual(ready[0], {
    name: 'up_pro_process.B20260105T100000-0001.jsonl',
    table: 'up_pro_process',
    batch: 'B20260105T100000-0001',
    format: 'jsonl',
    hash: sha256(content),
    size: Buffer.byteLength(content),
  });
  await writeFile(join(folder, 'up_pro_accept.B20260105T100000-0002.jsonl.ok'), '');
  ready = await source.listReady(never);
  assert.deepEqual(
    ready.map((f) => f.name),
    ['up_pro_accept.B20260105T100000-0002.jsonl', 'up_pro_process.B20260105T100000-0001.jsonl'],
    'listed in name order',
  );
  await source.close();
});

test('a file already in the ledger is not offered again, and is moved to done/ if a crash left it', async () => {
  const folder = await freshFolder();
  const content = '{"row_guid":"a"}\n';
  await drop(folder, 'up_pro_accept.B1.jsonl', content);
  await drop(folder, 'up_pro_accept.B2.jsonl', '{"row_guid":"b"}\n');
  const source = await openDropFolderSource(folder);
  const asked: string[] = [];
  const ready = await source.listReady(async (hash) => {
    asked.push(hash);
    return hash === sha256(content);
  });
  assert.deepEqual(
    ready.map((f) => f.name),
    ['up_pro_accept.B2.jsonl'],
  );
  assert.equal(asked.length, 2);
  assert.deepEqual((await readdir(join(folder, 'done'))).sort(), [
    'up_pro_accept.B1.jsonl',
    'up_pro_accept.B1.jsonl.ok',
  ]);
});

test('JSON Lines: rows, and lines that are not rows with their reason and line number', async () => {
  const folder = await freshFolder();
  const bad = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe5, 0x93, 0x22, 0x7d]); // {"a":"<cut UTF-8>"}
  const content = Buffer.concat([
    Buffer.from('\ufeff{"row_guid":"r1","task_version":1,"ok":true,"nested":{"A":[1,2]},"none":null}\r\n'),
    Buffer.from('\n'),
    Buffer.from('{"row_guid":"r2", "applyer_page_code":"230102199001011234"\n'),
    bad,
    Buffer.from('\n[1,2,3]\n"text"\n{"row_guid":"r3","name":"张三"}'),
  ]);
  await drop(folder, 'up_pro_accept.B1.jsonl', content);
  const source = await openDropFolderSource(folder);
  const [file] = await source.listReady(never);
  assert.ok(file);
  const lines = await linesOf(source, file);
  assert.deepEqual(
    lines.map((l) => ('row' in l ? `${l.line}:row` : `${l.line}:${l.error.code}`)),
    ['1:row', '3:bad_json', '4:bad_encoding', '5:bad_json', '6:bad_json', '7:row'],
  );
  const first = lines[0] as { row: Record<string, unknown> };
  assert.deepEqual(first.row, { row_guid: 'r1', task_version: 1, ok: 'true', nested: '{"A":[1,2]}', none: null });
  const broken = lines[1] as { error: { message: string }; raw: string };
  assert.match(broken.error.message, /^第 3 行不是完整有效的 JSON（/);
  assert.ok(!broken.raw.includes('230102199001011234'), 'the raw line is masked');
  assert.ok(broken.raw.includes('2301**********1234'));
  const encoding = lines[2] as { error: { message: string }; raw: string };
  assert.match(encoding.error.message, /第 4 行含有无法识别的字符（不是有效的 UTF-8 编码/);
  assert.match((lines[3] as { error: { message: string } }).error.message, /应为一个 JSON 对象/);
  assert.deepEqual((lines[5] as { row: unknown }).row, { row_guid: 'r3', name: '张三' });
});

test('a runaway line is refused as too long without being held in memory', async () => {
  const folder = await freshFolder();
  await drop(folder, 'up_pro_accept.B1.jsonl', `{"row_guid":"a"}\n{"x":"${'长'.repeat(100_000)}"}\n{"row_guid":"b"}\n`);
  const source = await openDropFolderSource(folder, { maxLineBytes: 64 * 1024 });
  const [file] = await source.listReady(never);
  assert.ok(file);
  const lines = await linesOf(source, file);
  assert.deepEqual(
    lines.map((l) => ('row' in l ? `${l.line}:row` : `${l.line}:${l.error.code}`)),
    ['1:row', '2:too_long', '3:row'],
  );
  assert.ok(((lines[1] as { raw: string }).raw.length ?? 0) <= 4001);
});

test('CSV: header names the columns; RFC 4180 quoting with commas, quotes and line breaks inside fields', async () => {
  const folder = await freshFolder();
  const csv =
    '\ufeffrow_guid,process_name,handle_explain,remark\r\n' +
    'g1,受理,"材料齐全，予以受理",\r\n' +
    'g2,"审查","经审查，符合""第三条""规定",备注\r\n' +
    '\r\n' +
    'g3,决定,"第一行\r\n第二行, 仍在同一字段",""\r\n' +
    'g4,送达,已送达\r\n' +
    'g5,"制证"x,坏,\r\n' +
    'g6,制证,已制证,完\r\n';
  await drop(folder, 'up_pro_process.B1.csv', csv);
  const source = await openDropFolderSource(folder);
  const [file] = await source.listReady(never);
  assert.equal(file?.format, 'csv');
  const lines = await linesOf(source, file as DropFile);
  assert.deepEqual(
    lines.map((l) => ('row' in l ? `${l.line}:row` : `${l.line}:${l.error.code}`)),
    ['1:row', '2:row', '3:row', '4:bad_csv', '5:bad_csv', '6:row'],
  );
  assert.deepEqual((lines[0] as { row: unknown }).row, {
    row_guid: 'g1',
    process_name: '受理',
    handle_explain: '材料齐全，予以受理',
    remark: '',
  });
  assert.equal((lines[1] as { row: Record<string, unknown> }).row.handle_explain, '经审查，符合"第三条"规定');
  assert.equal((lines[2] as { row: Record<string, unknown> }).row.handle_explain, '第一行\n第二行, 仍在同一字段');
  assert.match(
    (lines[3] as { error: { message: string } }).error.message,
    /第 4 条记录（文件第 7 行）有 3 列，表头有 4 列/,
  );
  assert.match(
    (lines[4] as { error: { message: string } }).error.message,
    /第 5 条记录（文件第 8 行）格式有误：第 2 列的右引号后还有字符/,
  );
});

test('CSV: an unclosed quote costs one record, not the rest of the file; invalid UTF-8 is found per record', async () => {
  const folder = await freshFolder();
  const csv = Buffer.concat([
    Buffer.from('row_guid,name\n'),
    Buffer.from('a,"never closed\n'),
    Buffer.from('b,fine\n'),
    Buffer.from('c,'),
    Buffer.from([0xff, 0xfe]),
    Buffer.from('\nd,also fine\n'),
  ]);
  await drop(folder, 'up_pro_material.B1.csv', csv);
  const source = await openDropFolderSource(folder, { maxLineBytes: 1024 });
  const [file] = await source.listReady(never);
  const lines = await linesOf(source, file as DropFile);
  assert.deepEqual(
    lines.map((l) => ('row' in l ? `${l.line}:${String(l.row.row_guid)}` : `${l.line}:${l.error.code}`)),
    ['1:bad_csv', '2:b', '3:bad_encoding', '4:d'],
  );
  assert.match((lines[0] as { error: { message: string } }).error.message, /引号没有闭合/);
});

test('CSV: a bad header refuses the file as one problem', async () => {
  const folder = await freshFolder();
  await drop(folder, 'up_pro_material.B1.csv', 'row_guid,名称,row_guid\na,b,c\n');
  const source = await openDropFolderSource(folder);
  const [file] = await source.listReady(never);
  const lines = await linesOf(source, file as DropFile);
  assert.equal(lines.length, 1);
  assert.equal((lines[0] as { line: number }).line, 1);
  assert.match((lines[0] as { error: { message: string } }).error.message, /表头（文件第 1 行）有误/);
});

test('CSV record splitting follows RFC 4180', () => {
  assert.deepEqual(parseCsvRecord('a,b,c'), { ok: true, fields: ['a', 'b', 'c'] });
  assert.deepEqual(parseCsvRecord(''), { ok: true, fields: [''] });
  assert.deepEqual(parseCsvRecord('a,,'), { ok: true, fields: ['a', '', ''] });
  assert.deepEqual(parseCsvRecord('"",""""'), { ok: true, fields: ['', '"'] });
  assert.deepEqual(parseCsvRecord('"a,b","c\nd"'), { ok: true, fields: ['a,b', 'c\nd'] });
  assert.equal(parseCsvRecord('a"b,c').ok, false);
  assert.equal(parseCsvRecord('"a"b,c').ok, false);
});

test('archive() moves the file and its marker into done/; readLine() finds a line there again by content hash', async () => {
  const folder = await freshFolder();
  const content = '{"row_guid":"a"}\n{"row_guid":"b"}\n{"row_guid":\n';
  await drop(folder, 'up_pro_result.B1.jsonl', content);
  const source = await openDropFolderSource(folder);
  const [file] = await source.listReady(never);
  assert.ok(file);
  await source.archive(file);
  assert.deepEqual((await readdir(folder)).sort(), ['done']);
  assert.deepEqual((await readdir(join(folder, 'done'))).sort(), [
    'up_pro_result.B1.jsonl',
    'up_pro_result.B1.jsonl.ok',
  ]);
  assert.deepEqual(await source.listReady(never), []);
  assert.deepEqual(await source.readLine?.(file, 2), { line: 2, row: { row_guid: 'b' } });
  assert.equal((await source.readLine?.(file, 3))?.line, 3);
  assert.equal(await source.readLine?.(file, 9), null);
  assert.equal(await source.readLine?.({ name: file.name, hash: '0'.repeat(64) }, 1), null);

  // The same name dropped again with other content: both archived, neither overwritten.
  const again = '{"row_guid":"z"}\n';
  await drop(folder, 'up_pro_result.B1.jsonl', again);
  const [second] = await source.listReady(never);
  assert.ok(second);
  await source.archive(second);
  assert.deepEqual((await readdir(join(folder, 'done'))).sort(), [
    'up_pro_result.B1.jsonl',
    `up_pro_result.B1.jsonl.${second.hash.slice(0, 16)}`,
    `up_pro_result.B1.jsonl.${second.hash.slice(0, 16)}.ok`,
    'up_pro_result.B1.jsonl.ok',
  ]);
  assert.deepEqual(await source.readLine?.(second, 1), { line: 1, row: { row_guid: 'z' } });
  assert.deepEqual(await source.readLine?.(file, 1), { line: 1, row: { row_guid: 'a' } });
});

test('a marker left behind by a crash between the two renames is moved after its file', async () => {
  const folder = await freshFolder();
  await drop(folder, 'up_pro_result.B1.jsonl', '{"row_guid":"a"}\n');
  await mkdir(join(folder, 'done'));
  await rename(join(folder, 'up_pro_result.B1.jsonl'), join(folder, 'done', 'up_pro_result.B1.jsonl'));
  const source = await openDropFolderSource(folder);
  assert.deepEqual(await source.listReady(never), []);
  assert.deepEqual((await readdir(folder)).sort(), ['done']);
  assert.deepEqual((await readdir(join(folder, 'done'))).sort(), [
    'up_pro_result.B1.jsonl',
    'up_pro_result.B1.jsonl.ok',
  ]);
});

test('a missing folder is a clear error', async () => {
  await assert.rejects(openDropFolderSource(join(root, 'nope')), /投递目录 .* 不存在/);
});

test('a big file streams in flat memory', async () => {
  const folder = await freshFolder();
  const name = 'up_pro_process.B1.jsonl';
  const out = createWriteStream(join(folder, name));
  const explain = '经审查，申请材料真实有效，符合《中华人民共和国行政许可法》规定的条件。'.repeat(6);
  const total = 150_000;
  for (let i = 0; i < total; i += 1) {
    const line = `{"row_guid":"g${i}","project_no":"P${i}","handle_explain":"${explain}","cd_time":"2026-01-05 10:00:00"}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  await writeFile(join(folder, `${name}.ok`), '');
  const source = await openDropFolderSource(folder);
  const [file] = await source.listReady(never);
  assert.ok(file);
  assert.ok(file.size > 80 * 1024 * 1024, `file is ${file.size} bytes`);
  global.gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = 0;
  let rows = 0;
  for await (const line of source.readLines(file)) {
    assert.ok('row' in line);
    rows += 1;
    if (rows % 5000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - base);
  }
  assert.equal(rows, total);
  const mb = Math.round(peak / 1024 / 1024);
  console.log(`streamed ${Math.round(file.size / 1024 / 1024)} MB, ${rows} rows; heap growth peak ${mb} MB`);
  assert.ok(
    peak < 48 * 1024 * 1024,
    `heap grew by ${mb} MB while reading a ${Math.round(file.size / 1024 / 1024)} MB file`,
  );
});
