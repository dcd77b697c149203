/** Implementation entries loaded for the assistant's evaluation (every catalogue item at least twice). */
export const ASSISTANT_ENTRY_COUNT = 800;
