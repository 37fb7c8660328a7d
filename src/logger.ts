import pino, { type Logger } from 'pino';

/** The process logger: JSON lines on stdout; credentials and cookies never reach it. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', 'password'],
      censor: '[Redacted]',
    },
  });
}
