/**
 * Exactly-once delivery across SIGKILL with the production databases: a PostgreSQL library delivering
 * into a MariaDB/MySQL front. Needs FRONT_MYSQL_URL (the front) and DATABASE_URL (the library); required in CI.
 * Trials: OUTBOX_CRASH_TRIALS (default 16; CI may set more).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireService } from '../../../support/services.js';
import { crashTrialsOnServers } from './crash-harness.js';
import { mysqlFront } from './support.js';

const TRIALS = Number(process.env.OUTBOX_CRASH_TRIALS ?? 16);
const mysqlService = requireService('FRONT_MYSQL_URL');
const postgresService = requireService('DATABASE_URL');

test(
  `every key once after ${TRIALS} SIGKILLed deliverers (PostgreSQL library → MariaDB/MySQL front)`,
  { skip: mysqlService.skip || postgresService.skip },
  async () => {
    const summary = await crashTrialsOnServers({
      libraryAdminUrl: postgresService.url as string,
      openFront: () => mysqlFront(mysqlService.url as string),
      trials: TRIALS,
      seed: 7919,
    });
    assert.ok(summary.killedBetweenWriteAndMark >= TRIALS / 2, JSON.stringify(summary));
    assert.ok(summary.resentAlreadyAtFront > 0, JSON.stringify(summary));
  },
);
