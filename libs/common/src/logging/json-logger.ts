import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config/app-config';
import { currentRequestId } from './request-context';

/**
 * Paths that must never reach a log line even if someone logs a whole object.
 * We do not log bodies or headers at all; this is the second fence.
 */
export const REDACTED_PATHS = [
  'pin',
  '*.pin',
  'apiKey',
  '*.apiKey',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'password',
  '*.password',
];

/** One JSON object per line; every line carries the current request id. */
export class JsonLogger implements LoggerService {
  private readonly pino: Logger;

  constructor(level: LogLevel = 'info', destination?: pino.DestinationStream) {
    this.pino = pino(
      {
        level,
        base: { service: 'saoma' },
        timestamp: pino.stdTimeFunctions.isoTime,
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
        mixin: () => {
          const reqId = currentRequestId();
          return reqId ? { reqId } : {};
        },
        formatters: { level: (label) => ({ level: label }) },
      },
      destination,
    );
  }

  child(bindings: Record<string, unknown>): Logger {
    return this.pino.child(bindings);
  }

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  error(message: unknown, traceOrContext?: string, context?: string): void {
    const ctx = context ?? traceOrContext;
    const trace = context ? traceOrContext : undefined;
    this.write('error', message, ctx, trace);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }

  /** Structured line: `logger.event('info', {...fields}, 'message')`. */
  event(level: 'debug' | 'info' | 'warn' | 'error', fields: Record<string, unknown>, msg: string): void {
    this.pino[level](fields, msg);
  }

  private write(
    level: 'debug' | 'info' | 'warn' | 'error' | 'fatal',
    message: unknown,
    context?: string,
    trace?: string,
  ): void {
    if (message instanceof Error) {
      this.pino[level](
        { context, err: { type: message.name, message: message.message, stack: message.stack } },
        message.message,
      );
    } else if (typeof message === 'object' && message !== null) {
      this.pino[level]({ context, ...(message as Record<string, unknown>) });
    } else {
      this.pino[level]({ context, ...(trace ? { trace } : {}) }, String(message));
    }
  }
}
