// Each Lambda root's logger: Powertools' JSON Logger, named for the function, behind the core Logger port, and the
// wrapper that puts each invocation's request id and cold start on its lines.
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { PowertoolsLoggerAdapter, withInvocationContext } from '../../adapters/aws/powertools-logger.ts';
import type { Logger } from '../../core/logger.ts';

export interface LambdaLogger {
  log: Logger;
  /** The handler as Lambda calls it, `(event, context)`, with the context added to every line it logs. */
  invoked<E, R>(handler: (event: E) => Promise<R>): (event: E, context?: Context) => Promise<R>;
}

/** POWERTOOLS_LOG_LEVEL (INFO by default) and POWERTOOLS_DEV are read by Powertools itself. */
export function lambdaLogger(serviceName: string): LambdaLogger {
  const adapter = new PowertoolsLoggerAdapter(() => new PowertoolsLogger({ serviceName }));
  return { log: adapter.log, invoked: (handler) => withInvocationContext(adapter, handler) };
}
