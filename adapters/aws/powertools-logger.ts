// The Logger port over Powertools for AWS Lambda's Logger: one JSON line per entry with the function's service name
// and,
// once handlers are wrapped with withInvocationContext, each invocation's request id and whether it was a cold start.
import type { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { type Logger, lineLogger } from '../../core/logger.ts';

/**
 * Builds the Powertools Logger on the first line logged: an edge's happy path logs nothing, and building it (its own
 * Console over stdout and stderr) was a third of its cost at start (about 3 of 9 ms of CPU).
 *
 * Children are ours, not Powertools' createChild: a child made at container start (a component's logger) must still get
 * the request id of every later invocation, and a Powertools child copies the parent's context only when it is created.
 */
export class PowertoolsLoggerAdapter {
  readonly log: Logger;
  private powertools: PowertoolsLogger | undefined;
  private context: Context | undefined;
  private invocations = 0;

  constructor(private readonly make: () => PowertoolsLogger) {
    this.log = lineLogger((level, msg, fields) => {
      const powertools = this.instance();
      if (fields) powertools[level](msg, fields);
      else powertools[level](msg);
    });
  }

  /** At the start of each invocation: its context goes on every line logged until the next one. */
  invoked(context: Context): void {
    this.invocations++;
    this.context = context;
    this.powertools?.addContext(context);
  }

  private instance(): PowertoolsLogger {
    if (!this.powertools) {
      this.powertools = this.make();
      if (this.context) {
        // Powertools reports its first addContext as the cold start. Built after the first invocation, it must not: a
        // first call (public API only) uses that flag up.
        if (this.invocations > 1) this.powertools.addContext(this.context);
        this.powertools.addContext(this.context);
      }
    }
    return this.powertools;
  }
}

/**
 * Wraps a Lambda handler so every line logged during the invocation carries its context (function_request_id,
 * cold_start, function_name…). A call without a context (a test calling the handler directly) logs without them.
 */
export function withInvocationContext<E, R>(
  logger: PowertoolsLoggerAdapter,
  handler: (event: E) => Promise<R>,
): (event: E, context?: Context) => Promise<R> {
  return (event, context) => {
    if (context) logger.invoked(context);
    return handler(event);
  };
}
