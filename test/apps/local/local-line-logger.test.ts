// The local stack's log format: one readable line per entry, errors with their cause, and the stack on error lines
// only.
import { describe, expect, it } from 'vitest';
import { localLineLogger } from '../../../apps/local/local-stack.ts';

function logged(run: (log: ReturnType<typeof localLineLogger>) => void): string[] {
  const lines: string[] = [];
  run(localLineLogger((l) => lines.push(l)));
  return lines;
}

describe('localLineLogger', () => {
  const failure = () => new Error('could not reach Slack', { cause: new TypeError('fetch failed') });

  it('writes a warning with the error and its cause, without the stacks, on one line', () => {
    // Act
    const lines = logged((log) => log.child({ orderId: 'K7M2QX' }).warn('slack: retrying', { error: failure() }));

    // Assess
    expect(lines).toEqual([
      '⚠️  slack: retrying {"orderId":"K7M2QX","error":{"name":"Error","message":"could not reach Slack","cause":{"name":"TypeError","message":"fetch failed"}}}',
    ]);
  });

  it('keeps the stack of the error and of its cause on an error line, still one line', () => {
    // Act
    const [line] = logged((log) => log.error('request failed', { error: failure() }));

    // Assess
    expect(line).not.toContain('\n');
    const fields = JSON.parse(line!.slice(line!.indexOf('{')));
    expect(fields.error.stack).toMatch(/^Error: could not reach Slack\n\s+at /);
    expect(fields.error.cause.stack).toMatch(/^TypeError: fetch failed\n\s+at /);
  });

  it('drops debug lines unless asked, and writes a line without fields as the message alone', () => {
    // Act
    const lines = logged((log) => {
      log.debug('noisy');
      log.info('ready');
    });

    // Assess
    expect(lines).toEqual(['ℹ️  ready']);
  });
});
