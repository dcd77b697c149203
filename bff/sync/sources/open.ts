/**
 * Opens a front processor (前置机) by URL, as operators configure it (architecture §7):
 * `mysql://` or `mariadb://` (MySQL/MariaDB), `postgres://` or `postgresql://`, `file:///folder` (drop
 * folder), or the embedded simulator's front processor when a handle is passed instead of a URL.
 */
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import type { FrontTarget } from '../../dev/front-processor/front-target.js';
import type { FrontSource } from '../contracts.js';
import { openMysqlSource } from './sql/mysql-source.js';
import { openPgliteSource, openPostgresSource } from './sql/postgres-source.js';
import { maskUrl } from './sql/keyset-sql.js';

export interface OpenFrontSourceOptions {
  /** Fixed offset of the front processor's wall clock, e.g. '+08:00' (config sync.sourceTimeZone). */
  sourceTimeZone: string;
}

export type FrontLocation = string | { front: FrontTarget | PGlite };

export async function openFrontSource(location: FrontLocation, options: OpenFrontSourceOptions): Promise<FrontSource> {
  if (typeof location !== 'string') {
    const { front } = location;
    if ('dialect' in front && front.dialect === 'mysql') {
      throw new Error('内置模拟前置机只支持 PGlite/PostgreSQL 句柄；MySQL 前置机请用 mysql:// 地址。');
    }
    return openPgliteSource({ handle: front, timeZone: options.sourceTimeZone });
  }
  if (/^(mysql|mariadb):\/\//.test(location))
    return openMysqlSource({ url: location, timeZone: options.sourceTimeZone });
  if (/^postgres(ql)?:\/\//.test(location))
    return openPostgresSource({ url: location, timeZone: options.sourceTimeZone });
  if (location.startsWith('file://')) {
    // Loaded on demand: a SQL deployment never needs the drop-folder reader.
    const { openDropFolderSource } = await import('./file-drop/index.js');
    return openDropFolderSource(fileURLToPath(location), { sourceTimeZone: options.sourceTimeZone });
  }
  throw new Error(
    `不支持的前置机地址 ${maskUrl(location)}：请使用 mysql://、mariadb://、postgres:// 或 file:/// 开头的地址。`,
  );
}
