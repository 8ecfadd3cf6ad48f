// The Logger port over Powertools for AWS Lambda's Logger: one JSON line per entry with the function's service name and,
// once a handler is wrapped with withInvocationContext, each invocation's request id and whether it was a cold start.
import type { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { type Logger, lineLogger } from '../../core/logger.ts';

/**
 * Children are ours, not Powertools' createChild: a child made at container start (a component's logger) must still get
 * the request id of every later invocation, and a Powertools child copies the parent's context only when it is created.
 */
export function powertoolsLogger(powertools: PowertoolsLogger): Logger {
  return lineLogger((level, msg, fields) => {
    if (fields) powertools[level](msg, fields);
    else powertools[level](msg);
  });
}

/**
 * Wraps a Lambda handler so every line logged during the invocation carries its context (function_request_id,
 * cold_start, function_name…). A call without a context (a test calling the handler directly) logs without them.
 */
export function withInvocationContext<E, R>(
  powertools: PowertoolsLogger,
  handler: (event: E) => Promise<R>,
): (event: E, context?: Context) => Promise<R> {
  return (event, context) => {
    if (context) powertools.addContext(context);
    return handler(event);
  };
}
