/**
 * Maps a page of source rows to library records (the layout's pure `map`), and sorts out what must
 * not be written: rows the mapping refuses, and earlier copies of a row id sent twice in one page.
 */
import type { MapContext, RowProblem, StreamDefinition } from '../contracts.js';
import { maskPiiInText } from '../../privacy/pii.js';
import type { PageRow, RejectedRow, TracedRecord } from './types.js';

export interface MappedPage {
  records: TracedRecord[];
  rejected: RejectedRow[];
}

export function mapPage(stream: StreamDefinition, rows: readonly PageRow[], context: MapContext): MappedPage {
  const records: TracedRecord[] = [];
  const rejected: RejectedRow[] = [];
  const lastIndex = new Map<string, number>();
  rows.forEach((row, index) => lastIndex.set(row.sourceKey, index));
  rows.forEach((pageRow, index) => {
    const { row, position, sourceKey } = pageRow;
    if (lastIndex.get(sourceKey) !== index) {
      rejected.push({
        sourceKey,
        position,
        row,
        problems: [
          {
            code: 'duplicate_in_page',
            field: stream.cursor.idColumn,
            message: '同一批数据中该记录出现了不止一次，已采用最后一次出现的内容；请前置机厂商核对推送逻辑。',
          },
        ],
      });
      return;
    }
    let problems: RowProblem[];
    try {
      const result = stream.map(row, context);
      if (result.ok) {
        for (const record of result.records) records.push({ record, origin: { sourceKey, position, row } });
        return;
      }
      problems = result.problems;
    } catch (error) {
      // A throwing mapping is a bug in a layout; the row waits in quarantine for the fix and a retry.
      const message = error instanceof Error ? error.message : String(error);
      problems = [{ code: 'write_failed', message: maskPiiInText(`映射配置处理该记录时出错：${message}`) }];
    }
    rejected.push({ sourceKey, position, row, problems });
  });
  return { records, rejected };
}
