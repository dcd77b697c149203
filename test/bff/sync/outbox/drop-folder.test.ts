/**
 * Outbound delivery to a drop-folder front processor (file:///folder): complete files with their `.ok`
 * marker in `outbound/`, one JSON object per row carrying its row_guid, the same file name for a
 * redelivery of the same rows, and a folder that cannot be written reported like any failed write.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../../../bff/store/migrate.js';
import { openStore, type Store } from '../../../../bff/store/store.js';
import {
  enqueue,
  listOutbox,
  openDropFolderOutbound,
  outboundRowGuid,
  startOutboxDeliverer,
} from '../../../../bff/sync/outbox/index.js';
import { evaluationPayload, ID_NUMBER, ticketPayload } from './support.js';

describe('outbox to a drop folder', () => {
  let store: Store;
  let folder: string;

  before(async () => {
    store = await openStore({ dataDir: 'memory://' });
    await migrate(store);
  });
  after(async () => {
    await store?.close();
  });

  async function fresh(): Promise<void> {
    await store.query('DELETE FROM outbox');
    if (folder) await rm(folder, { recursive: true, force: true });
    folder = await mkdtemp(join(tmpdir(), 'govdock-drop-out-'));
  }

  test('each table’s rows land as a complete .jsonl with its .ok marker, keyed by row_guid', async () => {
    await fresh();
    await store.transaction(async (tx) => {
      await enqueue(tx, { kind: 'evaluation', dedupKey: 'evaluation:drop-1', payload: evaluationPayload(1, 2) });
      await enqueue(tx, { kind: 'evaluation', dedupKey: 'evaluation:drop-2', payload: evaluationPayload(2) });
      await enqueue(tx, { kind: 'consultation', dedupKey: 'consultation:drop-1', payload: ticketPayload(1) });
    });
    const deliverer = startOutboxDeliverer({ store, front: openDropFolderOutbound(folder), autoStart: false });
    const report = await deliverer.deliverNow();
    await deliverer.close();
    assert.equal(report.delivered, 3);
    assert.equal(report.failed, 0);

    const names = (await readdir(join(folder, 'outbound'))).sort();
    const data = names.filter((name) => name.endsWith('.jsonl'));
    assert.equal(data.length, 2, names.join(', '));
    for (const name of data) assert.ok(names.includes(`${name}.ok`), `${name} has its marker`);
    assert.ok(!names.some((name) => name.endsWith('.part')), 'no half-written file is left');

    const evaluationFile = data.find((name) => name.startsWith('out_evaluate_record.'));
    assert.ok(evaluationFile);
    const rows = (await readFile(join(folder, 'outbound', evaluationFile), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      rows.map((row) => row.row_guid).sort(),
      [outboundRowGuid('evaluation:drop-1'), outboundRowGuid('evaluation:drop-2')].sort(),
    );
    assert.ok(rows.every((row) => row.cd_operation === 'I' && typeof row.cd_time === 'string'));
    const text = await readFile(join(folder, 'outbound', evaluationFile), 'utf8');
    assert.ok(!text.includes(ID_NUMBER), 'no raw ID number goes out');
  });

  test('a redelivery of the same rows writes the same file once, and counts them as already there', async () => {
    await fresh();
    const front = openDropFolderOutbound(folder);
    const columns = ['row_guid', 'title'];
    const rows = [
      ['g-1', '第一条'],
      ['g-2', '第二条'],
    ];
    assert.deepEqual(await front.insertOnce('out_consult_ticket', columns, rows), { inserted: 2 });
    assert.deepEqual(await front.insertOnce('out_consult_ticket', columns, rows), { inserted: 0 });
    const names = await readdir(join(folder, 'outbound'));
    assert.equal(names.length, 2, names.join(', '));
  });

  test('a folder that cannot be written is a failed attempt with a Chinese reason, and the rows wait', async () => {
    await fresh();
    // `outbound` exists as a FILE: mkdir fails whatever the user's rights (tests run as root).
    await writeFile(join(folder, 'outbound'), 'not a folder');
    await store.transaction((tx) =>
      enqueue(tx, { kind: 'evaluation', dedupKey: 'evaluation:blocked', payload: evaluationPayload(3) }),
    );
    const deliverer = startOutboxDeliverer({ store, front: openDropFolderOutbound(folder), autoStart: false });
    const report = await deliverer.deliverNow();
    await deliverer.close();
    assert.equal(report.delivered, 0);
    assert.equal(report.failed, 1);
    const [row] = await listOutbox(store);
    assert.equal(row?.deliveredAt, null);
    assert.match(row?.lastError ?? '', /失败|前置机/);
  });

  after(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });
});
