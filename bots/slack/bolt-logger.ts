// Bolt's log lines go to ours: errors and warnings only (its debug output would include request bodies).
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';

export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.WARN;
  return {
    debug: () => {},
    info: () => {},
    warn: (...msg: unknown[]) => log.warn(`slack: ${msg.map(String).join(' ')}`),
    error: (...msg: unknown[]) => log.warn(`slack error: ${msg.map(String).join(' ')}`),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
