/**
 * Starting the deliverer the way `npm start` and a production BFF need it: against the embedded
 * simulator's front processor (sharing its PGlite handle: PGlite allows one opener) or against the
 * configured FRONT_URL (its own small pool). A drop folder (file://) gets files in its `outbound/`
 * folder instead of rows in outbound tables (drop-folder-writer.ts).
 */
import { fileURLToPath } from 'node:url';
import type { Registry } from 'prom-client';
import type { Config } from '../../config.js';
import type { Sql } from '../../store/types.js';
import { openDropFolderOutbound } from './drop-folder-writer.js';
import { startOutboxDeliverer, type OutboxDeliverer, type OutboxLogger } from './deliverer.js';
import { openOutboundFront, outboundFrontOver, type SharedFrontConnection } from './front-writer.js';

export interface StartOutboxOptions {
  config: Pick<Config, 'frontUrl' | 'outbox'>;
  store: Sql;
  logger: OutboxLogger;
  /** The simulator's front processor when it runs in this process. */
  embeddedFront?: SharedFrontConnection;
  registry?: Registry;
}

export async function startOutbox(options: StartOutboxOptions): Promise<OutboxDeliverer | null> {
  const { config, logger } = options;
  const settings = config.outbox;
  if (!settings.enabled) {
    logger.info({}, '外发已关闭（outbox.enabled=false）：评价和咨询留在发送队列中');
    return null;
  }
  let front;
  if (options.embeddedFront) front = outboundFrontOver(options.embeddedFront);
  else if (config.frontUrl?.startsWith('file:')) front = openDropFolderOutbound(fileURLToPath(config.frontUrl));
  else if (config.frontUrl) {
    front = await openOutboundFront(config.frontUrl, { timeoutMs: settings.writeTimeoutMs });
  } else {
    logger.warn({ front: null }, '未配置前置机，无法外发：评价和咨询留在发送队列中');
    return null;
  }
  return startOutboxDeliverer({
    store: options.store,
    front,
    ownsFront: !options.embeddedFront,
    logger,
    registry: options.registry,
    pollMs: settings.pollMs,
    maxAttempts: settings.maxAttempts,
    backoff: { baseMs: settings.backoffBaseMs, maxMs: settings.backoffMaxMs },
    dataSource: settings.dataSource,
  });
}
