/** The drop-folder front processor (`file:///folder`): architecture §7, sync-anchors G12. */
export { openDropFolderSource, DONE_DIR, type DropFolderOptions } from './folder-source.js';
export { parseDropFileName, MARKER_SUFFIX, type DropFileName } from './file-names.js';
export { parseCsvRecord } from './csv-record.js';
