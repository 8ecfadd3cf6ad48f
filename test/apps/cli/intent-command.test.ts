// `delivery-assistant intent` as a real process: one JSON line per utterance, --stdin in order, usage errors exit 2.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../../../bin/delivery-assistant.mjs');
const run = (args: string[], input?: string) =>
  spawnSync(process.execPath, [BIN, 'intent', ...args], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

describe('delivery-assistant intent', () => {
  it('prints exactly one JSON line with intent, lang and orderId, in that order', () => {
    // Act
    const res = run(['cadê o pedido Q4M8XZ?']);

    // Assess
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(res.stdout).toBe('{"intent":"order_status","lang":"pt","orderId":"Q4M8XZ"}\n');
  });

  it('prints orderId null when none is typed, and takes unquoted words as one message', () => {
    // Act
    const res = run(['how', 'long', 'until', 'it', 'arrives?']);

    // Assess
    expect(res.status).toBe(0);
    expect(res.stdout).toBe('{"intent":"delivery_eta","lang":"en","orderId":null}\n');
  });

  it('--stdin prints one line per input line, in order, including blank, very long, emoji and CRLF lines', () => {
    // Prepare
    const long = `cancela o pedido #ab7k9m ${'blá '.repeat(50_000)}`;
    const lines = [
      'oi',
      '',
      'do you deliver to Copacabana?',
      long,
      '👋🍕',
      'quero mudar o endereço\r',
      'привет 你好',
      'get me a human agent',
    ];

    // Act
    const res = run(['--stdin'], `${lines.join('\n')}\n`);
    const out = res.stdout.split('\n');

    // Assess
    expect(res.status).toBe(0);
    expect(res.stderr).toBe('');
    expect(out.pop()).toBe('');
    expect(out).toHaveLength(lines.length);
    expect(out.map((l) => Object.keys(JSON.parse(l)))).toEqual(lines.map(() => ['intent', 'lang', 'orderId']));
    expect(out.map((l) => JSON.parse(l))).toEqual([
      { intent: 'greeting', lang: 'pt', orderId: null },
      { intent: 'faq', lang: 'pt', orderId: null },
      { intent: 'faq', lang: 'en', orderId: null },
      { intent: 'cancel_order', lang: 'pt', orderId: 'AB7K9M' },
      { intent: 'greeting', lang: 'pt', orderId: null },
      { intent: 'change_address', lang: 'pt', orderId: null },
      { intent: 'faq', lang: 'pt', orderId: null },
      { intent: 'human_handoff', lang: 'en', orderId: null },
    ]);
  });

  it('--stdin classifies a last line without a trailing newline, and empty input prints nothing', () => {
    // Act
    const last = run(['--stdin'], 'hello\ncancel order Q4M8XZ');
    const empty = run(['--stdin'], '');

    // Assess
    expect(last.stdout).toBe(
      '{"intent":"greeting","lang":"en","orderId":null}\n{"intent":"cancel_order","lang":"en","orderId":"Q4M8XZ"}\n',
    );
    expect(empty.status).toBe(0);
    expect(empty.stdout).toBe('');
  });

  it('--stdin keeps order over many lines', () => {
    // Prepare
    const lines = Array.from({ length: 3000 }, (_, i) =>
      i % 3 === 0 ? 'oi' : i % 3 === 1 ? `pedido ${`Q4M8X${'Z23456789'[i % 9]}`} já saiu?` : 'cancela',
    );

    // Act
    const out = run(['--stdin'], lines.join('\n'))
      .stdout.trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { intent: string; orderId: string | null });

    // Assess
    expect(out).toHaveLength(lines.length);
    expect(out.map((o) => o.intent)).toEqual(lines.map((_, i) => ['greeting', 'order_status', 'cancel_order'][i % 3]));
    expect(out.filter((_, i) => i % 3 === 1).map((o) => o.orderId)).toEqual(
      lines.filter((_, i) => i % 3 === 1).map((l) => l.split(' ')[1]),
    );
  });

  it.each([
    ['no arguments', []],
    ['an empty message', ['']],
    ['a blank message', ['   ']],
    ['an unknown option', ['--verbose']],
    ['--stdin with extra words', ['--stdin', 'oi']],
  ])('refuses %s: usage on stderr, nothing on stdout, exit 2', (_, args) => {
    // Act
    const res = run(args);

    // Assess
    expect(res.status).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain('usage: delivery-assistant intent "<text>"');
    expect(res.stderr).toContain('--stdin');
  });

  it('prints usage on stdout for --help, and lets "--" start a message with a dash', () => {
    // Act
    const help = run(['--help']);
    const dashed = run(['--', '--cancela meu pedido']);

    // Assess
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: delivery-assistant intent');
    expect(dashed.stdout).toBe('{"intent":"cancel_order","lang":"pt","orderId":null}\n');
  });

  it('is listed in the CLI help', () => {
    // Act
    const res = spawnSync(process.execPath, [BIN, 'help'], { encoding: 'utf8' });

    // Assess
    expect(res.stdout).toMatch(/intent\s+Classify a chat message/);
  });
});
