/**
 * Progress of long runs, from the engine's RunProgress callbacks. On a terminal: one redrawn line
 * per stream with a bar and an ETA when the rows left are known (a spinner-free count otherwise).
 * Piped into a file or a CI log: a plain line per stream at most every few seconds, because
 * carriage returns and escape codes turn logs into noise.
 */
import type { RunCounts, RunProgress } from '../sync/contracts.js';
import { padEnd, truncateToWidth } from './text-table.js';

export interface ProgressOutput {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

interface StreamProgress {
  stream: string;
  firstAt: number;
  firstRead: number;
  lastPlainAt: number;
  pages: number;
  counts: RunCounts;
  remaining?: number;
}

const BAR_WIDTH = 24;
const REDRAW_MS = 100;
const PLAIN_EVERY_MS = 3000;

const number = new Intl.NumberFormat('zh-CN');

/** 75 → '1分15秒'; a short form for a busy line. */
export function formatEta(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole}秒`;
  if (whole < 3600) return `${Math.floor(whole / 60)}分${whole % 60}秒`;
  return `${Math.floor(whole / 3600)}时${Math.floor((whole % 3600) / 60)}分`;
}

export class ProgressDisplay {
  private readonly streams = new Map<string, StreamProgress>();
  private drawnLines = 0;
  private lastDrawAt = 0;

  constructor(
    private readonly out: ProgressOutput,
    private readonly now: () => number = () => performance.now(),
  ) {}

  update(progress: RunProgress): void {
    const at = this.now();
    let entry = this.streams.get(progress.stream);
    if (!entry) {
      entry = {
        stream: progress.stream,
        firstAt: at,
        firstRead: progress.counts.read,
        lastPlainAt: -Infinity,
        pages: 0,
        counts: progress.counts,
      };
      this.streams.set(progress.stream, entry);
    }
    entry.pages = progress.pages;
    entry.counts = { ...progress.counts };
    entry.remaining = progress.remaining;
    if (this.out.isTTY) {
      if (at - this.lastDrawAt >= REDRAW_MS) this.redraw(at);
    } else if (at - entry.lastPlainAt >= PLAIN_EVERY_MS) {
      entry.lastPlainAt = at;
      this.out.write(this.describe(entry, at, false) + '\n');
    }
  }

  /** Draws the final state and leaves the cursor below it, so later output does not overwrite bars. */
  finish(): void {
    if (this.out.isTTY && this.streams.size > 0) this.redraw(this.now());
    this.drawnLines = 0;
    this.streams.clear();
  }

  /** Rows per second since the stream's first report, or undefined before there is a rate. */
  private rate(entry: StreamProgress, at: number): number | undefined {
    const seconds = (at - entry.firstAt) / 1000;
    const rows = entry.counts.read - entry.firstRead;
    return seconds >= 0.5 && rows > 0 ? rows / seconds : undefined;
  }

  describe(entry: StreamProgress, at: number, withBar: boolean): string {
    const read = entry.counts.read;
    const rate = this.rate(entry, at);
    const parts = [padEnd(entry.stream, 28)];
    if (entry.remaining !== undefined) {
      const total = read + entry.remaining;
      const share = total === 0 ? 1 : read / total;
      if (withBar) {
        const filled = Math.round(share * BAR_WIDTH);
        parts.push(`[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}]`);
      }
      parts.push(
        `${String(Math.floor(share * 100)).padStart(3)}%`,
        `${number.format(read)}/${number.format(total)} 行`,
      );
      if (rate) parts.push(`${number.format(Math.round(rate))} 行/秒`, `剩余约 ${formatEta(entry.remaining / rate)}`);
    } else {
      parts.push(`已读 ${number.format(read)} 行`, `第 ${entry.pages} 页`);
      if (rate) parts.push(`${number.format(Math.round(rate))} 行/秒`);
    }
    if (entry.counts.quarantined > 0) parts.push(`隔离 ${number.format(entry.counts.quarantined)}`);
    return parts.join('  ');
  }

  private redraw(at: number): void {
    this.lastDrawAt = at;
    // A pseudo-terminal may report 0 columns; a too-long line would wrap and break the redraw.
    const width = Math.max(40, (this.out.columns || 100) - 1);
    const lines = [...this.streams.values()].map((entry) => truncateToWidth(this.describe(entry, at, true), width));
    // Back to the top of the block drawn last time, then rewrite each line in place.
    let text = this.drawnLines > 0 ? `\x1b[${this.drawnLines}A` : '';
    for (const line of lines) text += `\r\x1b[2K${line}\n`;
    this.out.write(text);
    this.drawnLines = lines.length;
  }
}
