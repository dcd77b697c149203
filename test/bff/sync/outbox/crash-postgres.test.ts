/**
 * Exactly-once delivery across SIGKILL with the production databases: a PostgreSQL library delivering
 * into a PostgreSQL front. Needs DATABASE_URL (library and front, two throw-away databases); required in CI.
 * Trials: OUTBOX_CRASH_TRIALS (default 16; CI may set more).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireService } from '../../../support/services.js';
import { crashTrialsOnServers } from './crash-harness.js';
import { postgresFront } from './support.js';

const TRIALS = Number(process.env.OUTBOX_CRASH_TRIALS ?? 16);
const postgresService = requireService('DATABASE_URL');

test(
  `every key once after ${TRIALS} SIGKILLed deliverers (PostgreSQL library → PostgreSQL front)`,
  { skip: postgresService.skip },
  async () => {
    const summary = await crashTrialsOnServers({
      libraryAdminUrl: postgresService.url as string,
      openFront: () => postgresFront(postgresService.url as string),
      trials: TRIALS,
      seed: 104729,
    });
    assert.ok(summary.killedBetweenWriteAndMark >= TRIALS / 2, JSON.stringify(summary));
    assert.ok(summary.resentAlreadyAtFront > 0, JSON.stringify(summary));
  },
);
