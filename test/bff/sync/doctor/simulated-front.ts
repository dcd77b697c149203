/**
 * A throw-away front processor filled by the simulator with the national tables: a MariaDB
 * database (FRONT_MYSQL_URL) or a PostgreSQL one (DATABASE_URL), created per test file and dropped
 * afterwards, so tests can break it the way vendors do without touching anyone else's data.
 */
import { randomBytes } from 'node:crypto';
import { openFrontTarget, type FrontTarget } from '../../../../bff/dev/front-processor/open.js';
import { startSimulator } from '../../../../bff/dev/simulator/index.js';

export const SIMULATED_AT = Date.parse('2026-11-29T10:00:00+08:00');

export interface SimulatedFront {
  url: string;
  front: FrontTarget;
  drop(): Promise<void>;
}

export async function simulatedMariadbFront(
  adminUrl: string,
  options: { cases?: number } = {},
): Promise<SimulatedFront> {
  const name = `govdock_doctor_${randomBytes(5).toString('hex')}`;
  const admin = await openFrontTarget(adminUrl);
  await admin.exec(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const front = await openFrontTarget(url.toString());
  const simulator = await startSimulator({
    front,
    seed: 'doctor',
    items: 300,
    cases: options.cases ?? 80,
    tickSeconds: 60,
    autoTick: false,
    now: () => SIMULATED_AT,
  });
  await simulator.close();
  return {
    url: url.toString(),
    front,
    async drop() {
      await front.close();
      await admin.exec(`DROP DATABASE IF EXISTS ${name}`);
      await admin.close();
    },
  };
}

/** A fresh PostgreSQL database for the resource library (DATABASE_URL is the admin connection). */
export async function throwAwayPostgres(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `govdock_doctor_${randomBytes(5).toString('hex')}`;
  const admin = await openFrontTarget(adminUrl);
  await admin.exec(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}
