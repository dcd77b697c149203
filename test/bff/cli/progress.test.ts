/**
 * Progress of long runs: on a terminal, redrawn bars with a percentage, a rate and an ETA from
 * RunProgress.remaining; piped, plain throttled lines without escape codes. Tables line up with
 * Chinese text (two columns per character).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunProgress } from '../../../bff/sync/contracts.js';
import { formatEta, ProgressDisplay } from '../../../bff/cli/progress.js';
import { displayWidth, renderTable } from '../../../bff/cli/text-table.js';

const counts = (read: number) => ({
  read,
  inserted: read,
  updated: 0,
  unchanged: 0,
  deleted: 0,
  quarantined: 0,
  pending: 0,
});

function progress(stream: string, read: number, remaining?: number): RunProgress {
  return { stream, pages: Math.ceil(read / 5000), counts: counts(read), remaining };
}

function output(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, out: { isTTY, columns: 120, write: (text: string) => writes.push(text) } };
}

describe('ProgressDisplay', () => {
  it('draws a bar with percentage, rate and ETA on a terminal, redrawing in place', () => {
    let now = 0;
    const { writes, out } = output(true);
    const display = new ProgressDisplay(out, () => now);
    display.update(progress('up_pro_accept', 0, 100_000));
    now = 2000;
    display.update(progress('up_pro_accept', 50_000, 50_000));
    display.finish();
    const last = writes.at(-1) ?? '';
    assert.match(last, /^\x1b\[1A\r\x1b\[2K/, 'moves back up over the line it drew');
    assert.match(last, /\[█{12}░{12}\]/);
    assert.match(last, / 50%  50,000\/100,000 行/);
    assert.match(last, /25,000 行\/秒/);
    assert.match(last, /剩余约 2秒/);
  });

  it('keeps one line per stream and counts without a bar when the rows left are unknown', () => {
    let now = 0;
    const { writes, out } = output(true);
    const display = new ProgressDisplay(out, () => now);
    display.update(progress('up_pro_accept', 10, 10));
    now = 1000;
    display.update(progress('up_pro_process', 7000));
    now = 2000;
    display.update(progress('up_pro_process', 12_000));
    const last = writes.at(-1) ?? '';
    assert.match(last, /^\x1b\[2A/, 'two lines redrawn');
    assert.match(last, /up_pro_process\s+已读 12,000 行  第 3 页  5,000 行\/秒/);
    assert.doesNotMatch(last.split('\n')[1] ?? '', /█/);
  });

  it('writes plain lines at most every few seconds when not a terminal', () => {
    let now = 0;
    const { writes, out } = output(false);
    const display = new ProgressDisplay(out, () => now);
    for (let i = 1; i <= 10; i += 1) {
      now = i * 500;
      display.update(progress('up_pro_accept', i * 1000, 10_000 - i * 1000));
    }
    display.finish();
    assert.equal(writes.length, 2, writes.join(''));
    assert.ok(writes.every((line) => !line.includes('\x1b') && !line.includes('\r') && line.endsWith('\n')));
    assert.match(writes[1] ?? '', /up_pro_accept\s+ 70%  7,000\/10,000 行/);
  });

  it('formats ETAs briefly', () => {
    assert.equal(formatEta(4.4), '4秒');
    assert.equal(formatEta(75), '1分15秒');
    assert.equal(formatEta(3 * 3600 + 120), '3时2分');
  });
});

describe('renderTable', () => {
  it('aligns columns by display width, Chinese counting two', () => {
    assert.equal(displayWidth('同步abc'), 7);
    const table = renderTable(
      [{ header: '数据流' }, { header: '读取', align: 'right' }],
      [
        ['up_pro_accept', '1,000'],
        ['办件', '7'],
      ],
    );
    const lines = table.split('\n');
    assert.equal(lines[0], `数据流${' '.repeat(10)}读取`);
    assert.equal(lines[2], 'up_pro_accept  1,000');
    assert.equal(lines[3], `办件${' '.repeat(15)}7`);
    assert.ok(lines.every((line) => displayWidth(line) === 20));
  });
});
