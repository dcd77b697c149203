/** The sync columns every front row carries (row_guid is set by the row builder). */
import { formatBeijing } from './time.js';

export interface SyncStamp {
  /** 批次号, ≤ 32 chars. */
  batch: string;
  /** I insert, U update, D delete (data-standards f.2: values undocumented, I/U/D assumed). */
  operation: 'I' | 'U' | 'D';
  /** 同步时间 as epoch ms; written `yyyy-MM-dd HH:mm:ss` Beijing. */
  time: number;
  /** 数据来源: "p" + province code (observed `Cd_source` values like p31). */
  dataSource: string;
}

export const HEILONGJIANG_DATA_SOURCE = 'p23';

export function syncColumns(stamp: SyncStamp, rowGuid: string) {
  return {
    row_guid: rowGuid,
    cd_batch: stamp.batch,
    cd_operation: stamp.operation,
    cd_time: formatBeijing(stamp.time),
    data_source: stamp.dataSource,
  };
}

/** A batch id like `B20260129T101500-0003` (time + sequence), ≤ 32 chars. */
export function batchId(timeMs: number, sequence: number): string {
  const text = formatBeijing(timeMs).replace(/[-: ]/g, '');
  return `B${text.slice(0, 8)}T${text.slice(8)}-${String(sequence).padStart(4, '0')}`;
}
