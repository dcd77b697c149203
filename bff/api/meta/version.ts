/** The product version, read once from package.json: the widget URL path and /api/v1/meta use it. */
import { readFileSync } from 'node:fs';

const packageJson = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export const PRODUCT_VERSION: string = packageJson.version;
