/** Opens a front processor by URL (`postgres://…`, `mysql://…`, `mariadb://…`) or an embedded PGlite dir. */
import type { FrontTarget } from './front-target.js';
import { openMysqlFront } from './mysql-target.js';
import { openPgliteFront } from './pglite-target.js';
import { openPostgresFront } from './postgres-target.js';

export type FrontLocation = string | { pgliteDir: string };

export async function openFrontTarget(location: FrontLocation): Promise<FrontTarget> {
  if (typeof location !== 'string') return openPgliteFront(location.pgliteDir);
  if (/^postgres(ql)?:\/\//.test(location)) return openPostgresFront(location);
  if (/^(mysql|mariadb):\/\//.test(location)) return openMysqlFront(location.replace(/^mariadb:/, 'mysql:'));
  throw new Error(`unsupported front processor URL: ${location.replace(/\/\/[^@]*@/, '//***@')}`);
}

export type { FrontTarget } from './front-target.js';
export { frontDdl, tableDdl } from './ddl.js';
