/**
 * Mapping by configuration (issue 4 §2): a layout file per front-processor dialect, interpreted by
 * generic code. The national `up_*` layout is the default; a province with its own tables or JSON is a
 * new file in config/sync-layouts/, no code.
 */
import { loadLayout } from './load.js';

export { loadLayout, loadLayoutFile, layoutPath, LAYOUTS_DIR } from './load.js';
export { companionsOf, loadSyncLayout } from './sync-layout.js';
export { LayoutError, type CompiledLayout, type CompiledStream } from './compile-stream.js';
export { TRANSFORMS, COMPUTES } from './transforms.js';
export { layoutSchema, type LayoutConfig, type FieldSpecConfig } from './config-schema.js';

/** The national front-table layout (config/sync-layouts/national.json), loaded once. */
export const nationalLayout = loadLayout('national');
