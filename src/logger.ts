import pino, { DestinationStream, Logger } from 'pino';

/**
 * Structured JSON logs. Credentials are never logged on purpose; the redaction list is a second
 * line of defence should a header or secret-bearing object reach a log call by mistake.
 */
export function createLogger(level: string = 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: [
          'req.headers["x-api-key"]',
          'req.headers.authorization',
          'headers["x-api-key"]',
          'headers.authorization',
          '*.secret',
          '*.token',
          '*.password',
          'secret',
          'token',
          'password',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
