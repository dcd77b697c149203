/** The slice of a pino logger the platform uses, so the BFF can pass its own and tests pass none. */
export interface PlatformLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export const silentLogger: PlatformLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** One JSON line per event on stderr, for running the platform alone from the CLI. */
export const consoleLogger: PlatformLogger = {
  info: (details, message) => console.error(JSON.stringify({ level: 'info', msg: message, ...details })),
  warn: (details, message) => console.error(JSON.stringify({ level: 'warn', msg: message, ...details })),
  error: (details, message) => console.error(JSON.stringify({ level: 'error', msg: message, ...details })),
};
