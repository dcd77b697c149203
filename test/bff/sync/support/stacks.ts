/**
 * The two stacks every engine guarantee is tested on: embedded (PGlite library, PGlite front — what
 * `npm start` runs) and production (PostgreSQL library, MariaDB front; CI always runs it).
 */
import { mariadbFront, pgliteFront, type FrontTarget, type TestFront } from './front-targets.js';
import { pgliteLibrary, postgresLibrary, type LibraryTarget, type TestLibrary } from './library-targets.js';

export interface Stack {
  name: string;
  skip: string | false;
  library: LibraryTarget;
  front: FrontTarget;
}

export function stacks(): Stack[] {
  const postgres = postgresLibrary();
  const mariadb = mariadbFront();
  return [
    { name: 'embedded (PGlite library, PGlite front)', skip: false, library: pgliteLibrary, front: pgliteFront },
    {
      name: 'production (PostgreSQL library, MariaDB front)',
      skip: postgres.skip || mariadb.skip,
      library: postgres,
      front: mariadb,
    },
  ];
}

export interface OpenStack {
  library: TestLibrary;
  front: TestFront;
  close(): Promise<void>;
}

export async function openStack(stack: Stack): Promise<OpenStack> {
  const [library, front] = await Promise.all([stack.library.setup(), stack.front.setup()]);
  return {
    library,
    front,
    async close() {
      await Promise.allSettled([library.teardown(), front.teardown()]);
    },
  };
}

let tableCounter = 0;
/** Fresh source table names per test, so tests sharing a front never see each other's rows. */
export function freshTables(): { accept: string; process: string } {
  tableCounter += 1;
  return { accept: `acc_${tableCounter}`, process: `proc_${tableCounter}` };
}
