/** Context variables every request carries by the time a route runs (set by app-level middleware). */
import type { RequestIdVariables } from 'hono/request-id';

export type AppEnv = { Variables: RequestIdVariables };
