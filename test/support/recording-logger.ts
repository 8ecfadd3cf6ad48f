// A Logger for tests: every line kept (level, message, fields) for assertions, nothing printed.
import { type LogFields, type LogLevel, lineLogger } from '../../core/logger.ts';

export interface LoggedLine {
  level: LogLevel;
  msg: string;
  fields?: LogFields;
}

export function recordingLogger(also?: (line: LoggedLine) => void) {
  const lines: LoggedLine[] = [];
  const log = lineLogger((level, msg, fields) => {
    const line = { level, msg, fields };
    lines.push(line);
    also?.(line);
  });
  return { log, lines };
}
