/**
 * Structured JSON logs (pino) with personal data masked before a line is written, in two layers:
 * log objects go through maskLogValue (known PII keys masked by kind: names need the key to be
 * recognised), and every finished line goes through maskPiiInText, which catches ID numbers and
 * mobiles wherever they hide — the message, error stacks, child bindings. Masking happens here,
 * once, so no call site can forget it.
 */
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { Config } from '../config.js';
import { maskPiiInText } from '../privacy/pii.js';
import { maskLogValue } from './pii-redaction.js';

export type Logger = PinoLogger;

function maskingDestination(target: DestinationStream): DestinationStream {
  return { write: (line: string) => target.write(maskPiiInText(line)) };
}

/** `destination` defaults to stdout; tests pass a stream to read the lines back. */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'govdock' },
      formatters: { log: (object) => maskLogValue(object) as Record<string, unknown> },
    },
    maskingDestination(destination ?? pino.destination(1)),
  );
}
