/** Why the CLI stops: the exit code says which kind of problem it was (usage / config → 2). */

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Bad arguments or a configuration the command cannot work with: exit 2, with the message. */
export class UsageError extends Error {
  override name = 'UsageError';
}
