/** Buffers front records per table and upserts them in batches (500 rows by default). */
import type { FrontRecord, FrontRow } from '../generator/front-tables.js';
import type { FrontTarget } from './front-target.js';

export class RecordWriter {
  private readonly buffers = new Map<string, FrontRow[]>();
  written = 0;

  constructor(
    private readonly target: FrontTarget,
    private readonly batchSize = 500,
  ) {}

  async add(record: FrontRecord): Promise<void> {
    let buffer = this.buffers.get(record.table);
    if (!buffer) {
      buffer = [];
      this.buffers.set(record.table, buffer);
    }
    buffer.push(record.row);
    if (buffer.length >= this.batchSize) await this.flushTable(record.table);
  }

  private async flushTable(table: string): Promise<void> {
    const rows = this.buffers.get(table);
    if (!rows || rows.length === 0) return;
    this.buffers.set(table, []);
    await this.target.upsert(table, rows);
    this.written += rows.length;
  }

  async flush(): Promise<void> {
    for (const table of [...this.buffers.keys()]) await this.flushTable(table);
  }
}
