/**
 * The operator API's services for a running BFF (bff/start.ts): its store and sync engine, the
 * configured layout, and a doctor that reuses what the BFF already has open — the store, and the
 * simulator's front-processor handle when there is no FRONT_URL (PGlite allows one opener).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';
import type { FrontTarget } from '../dev/front-processor/front-target.js';
import type { Store } from '../store/store.js';
import type { Layout, SyncService } from '../sync/contracts.js';
import { embeddedFrontSql, openFrontSql } from '../sync/doctor/front-metadata.js';
import { runDoctor, syncSettings } from '../sync/doctor/run-doctor.js';
import { openFrontSource } from '../sync/sources/open.js';
import type { AdminServices } from './routes.js';

export interface AdminServicesOptions {
  config: Config;
  store: Store;
  layout: Layout;
  /** The BFF's engine; absent when the sync is switched off (status stays readable). */
  sync?: SyncService;
  /** The embedded simulator's front processor, when FRONT_URL is unset. */
  embeddedFront?: FrontTarget;
  /** The data directory as resolved by start.ts (for the generated PII key check). */
  dataDir: string;
}

export function adminServices(options: AdminServicesOptions): AdminServices {
  const { config, store, layout, embeddedFront } = options;
  const sync = syncSettings(config);
  const frontUrl = config.frontUrl;
  return {
    store,
    sync: options.sync,
    layout,
    sourceId: sync.sourceId,
    doctor: () =>
      runDoctor({
        config,
        store,
        loadLayout: () => layout,
        openSource: async () => {
          if (frontUrl) return openFrontSource(frontUrl, { sourceTimeZone: sync.sourceTimeZone });
          if (!embeddedFront) throw new Error('未配置前置机 FRONT_URL，且模拟前置机未启动');
          return openFrontSource({ front: embeddedFront }, { sourceTimeZone: sync.sourceTimeZone });
        },
        openMetadata: async () => {
          if (frontUrl && /^(mysql|mariadb|postgres|postgresql):/.test(frontUrl)) {
            return openFrontSql(frontUrl, sync.sourceTimeZone);
          }
          return embeddedFront && !frontUrl ? embeddedFrontSql(embeddedFront, sync.sourceTimeZone) : undefined;
        },
        dropFolder: frontUrl?.startsWith('file://') ? fileURLToPath(frontUrl) : undefined,
        embeddedPiiKey: existsSync(join(options.dataDir, 'secrets.json')),
      }),
  };
}
