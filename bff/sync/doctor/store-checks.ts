/**
 * The resource library the sync writes into: reachable, and every migration of this version
 * applied (a BFF that has not started once since an upgrade has not migrated yet; the sync tables
 * it needs may be missing).
 */
import { loadMigrations } from '../../store/migrate.js';
import type { Sql, Store } from '../../store/store.js';
import type { CheckResult } from './types.js';

export async function storeChecks(store: Pick<Store, 'dialect'> & Sql): Promise<CheckResult[]> {
  const id = 'store.migrations';
  const title = `资源库（${store.dialect === 'postgres' ? 'PostgreSQL' : '嵌入式 PGlite'}）`;
  try {
    const expected = (await loadMigrations()).map((migration) => migration.name);
    const applied = new Set(
      (await store.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((row) => row.name),
    );
    const missing = expected.filter((name) => !applied.has(name));
    const evidence = [`已应用迁移 ${applied.size} 个，本版本共 ${expected.length} 个`];
    if (missing.length > 0) {
      return [
        {
          group: 'store',
          id,
          title,
          status: 'fail',
          summary: `有 ${missing.length} 个数据库迁移尚未执行：请先启动一次服务（会自动迁移）`,
          evidence: [...evidence, `未执行：${missing.join('，')}`],
        },
      ];
    }
    return [{ group: 'store', id, title, status: 'pass', summary: '资源库可用，数据库结构为最新', evidence }];
  } catch (error) {
    return [
      {
        group: 'store',
        id,
        title,
        status: 'fail',
        summary: '无法读取资源库',
        evidence: [error instanceof Error ? error.message : String(error)],
      },
    ];
  }
}
