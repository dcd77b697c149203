/**
 * `govdock doctor` on a drop-folder front processor (file:///…) with the Guangdong layout: the
 * folder check (complete files, files waiting for their `.ok`, files of tables the layout does not
 * read) and the dry read through AUDIT_ITEM's mapping with a broken line — and nothing moved.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { batchId, DEFAULT_ANCHOR, seedToInt, type SyncStamp } from '../../../../bff/dev/generator/index.js';
import { loadConfig } from '../../../../bff/config.js';
import { runDoctor } from '../../../../bff/sync/doctor/run-doctor.js';
import type { CheckResult, DoctorReport } from '../../../../bff/sync/doctor/types.js';
import { loadLayout } from '../../../../bff/sync/layouts/index.js';
import { openFrontSource } from '../../../../bff/sync/sources/open.js';
import { guangdongEntries } from '../support/guangdong/audit-item.js';
import { writeGuangdongDrop } from '../support/guangdong/write-drop.js';

const stamp: SyncStamp = { batch: batchId(DEFAULT_ANCHOR, 1), operation: 'I', time: DEFAULT_ANCHOR, dataSource: 'p44' };

function check(report: DoctorReport, id: string): CheckResult {
  const found = report.checks.find((each) => each.id === id);
  assert.ok(found, `no check ${id}: ${report.checks.map((each) => each.id).join(', ')}`);
  return found;
}

describe('doctor on a Guangdong drop folder', () => {
  const folder = mkdtempSync(join(tmpdir(), 'govdock-doctor-drop-'));
  let report: DoctorReport;
  let filesBefore: string[];

  before(async () => {
    const entries = guangdongEntries([0, 1, 2, 3, 4], seedToInt('doctor'), stamp);
    const complete = await writeGuangdongDrop(
      folder,
      'B20261129T100000-0001',
      entries.map((e) => e.item),
    );
    // A broken line in the complete file: the dry read must count it, not stop.
    writeFileSync(complete.path, '{"ITEM_ID": "broken\n', { flag: 'a' });
    await writeGuangdongDrop(folder, 'B20261129T100500-0002', [entries[0]!.item], { complete: false });
    writeFileSync(join(folder, 'AUDIT_OTHER.B20261129T100000-0001.jsonl'), '{}\n');
    writeFileSync(join(folder, 'AUDIT_OTHER.B20261129T100000-0001.jsonl.ok'), '');
    filesBefore = readdirSync(folder).sort();
    const frontUrl = pathToFileURL(folder).href;
    const config = loadConfig({}, { frontUrl });
    report = await runDoctor({
      config,
      loadLayout: () => loadLayout('guangdong'),
      openSource: () => openFrontSource(frontUrl, { sourceTimeZone: '+08:00' }),
      dropFolder: folder,
    });
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('describes the folder: complete, waiting and unknown files', () => {
    const folderCheck = check(report, 'front.folder');
    assert.equal(folderCheck.status, 'warn');
    assert.match(folderCheck.summary, /1 个文件的表名不在映射中，不会被处理：AUDIT_OTHER/);
    assert.ok(
      folderCheck.evidence.some((line) =>
        /已完成（有 \.ok 标记）1 个：AUDIT_ITEM\.B20261129T100000-0001\.jsonl/.test(line),
      ),
    );
    assert.ok(folderCheck.evidence.some((line) => /等待 \.ok 标记 1 个/.test(line)));
  });

  it('dry-reads the complete file through the mapping and counts the broken line', () => {
    const dry = check(report, 'dry-read.AUDIT_ITEM');
    assert.notEqual(dry.status, 'pass');
    assert.ok(
      dry.evidence.some((line) => /读取 6 行：可写入 5 行，将被隔离 1 行/.test(line)),
      dry.evidence.join(' | '),
    );
    assert.ok(
      dry.evidence.some((line) => /bad_json/.test(line)),
      dry.evidence.join(' | '),
    );
    assert.ok(
      dry.evidence.some((line) => /第 6 行/.test(line)),
      'the example gives the file line',
    );
  });

  it('moves and writes nothing', () => {
    assert.deepEqual(readdirSync(folder).sort(), filesBefore);
  });
});
