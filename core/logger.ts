// The Logger port: structured lines at four levels, child loggers that carry context, and errors logged with their
// stack and cause. Each runtime writes the lines its own way (one readable line locally, JSON through Powertools on
// Lambda, captured in tests); `lineLogger` builds any of them from one write function.

export type LogFields = Record<string, unknown>;
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  /** `fields.error` may be the thrown value itself: it is written with its name, message, stack and cause. */
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` (an order id, a chat, a request id) to every line it writes. */
  child(fields: LogFields): Logger;
}

/** An error as plain fields: name, message, stack, and its cause (recursively, three levels at most). */
export function errorFields(err: unknown, depth = 0): LogFields | string {
  if (!(err instanceof Error)) return String(err);
  const out: LogFields = { name: err.name, message: err.message };
  if (err.stack) out.stack = err.stack;
  const code = (err as { code?: unknown }).code;
  if (code !== undefined) out.code = code;
  if (err.cause !== undefined && depth < 3) out.cause = errorFields(err.cause, depth + 1);
  return out;
}

/** Replaces every Error among the fields by its errorFields, so no sink prints `{}` for an error. */
export function serializeFields(fields: LogFields | undefined): LogFields | undefined {
  if (!fields) return fields;
  if (!Object.values(fields).some((v) => v instanceof Error)) return fields;
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v instanceof Error ? errorFields(v) : v]));
}

/** A Logger over one write function; children merge their fields under the line's own. */
export function lineLogger(
  write: (level: LogLevel, msg: string, fields: LogFields | undefined) => void,
  base: LogFields = {},
): Logger {
  const emit = (level: LogLevel) => (msg: string, fields?: LogFields) => {
    const merged = Object.keys(base).length ? { ...base, ...fields } : fields;
    write(level, msg, serializeFields(merged));
  };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (fields) => lineLogger(write, { ...base, ...fields }),
  };
}

export const silentLogger: Logger = lineLogger(() => {});
