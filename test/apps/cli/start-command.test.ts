// `delivery-assistant start` as a developer runs it: a real process, an order taken to DELIVERED over HTTP, a clean
// SIGINT.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../../../bin/delivery-assistant.mjs');
const dataDir = mkdtempSync(join(tmpdir(), 'da-cli-'));
let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function waitForOutput(
  proc: ChildProcess,
  out: { text: string },
  pattern: RegExp,
  timeoutMs = 20_000,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Timed out waiting for ${pattern}; output so far:\n${out.text}`)),
      timeoutMs,
    );
    const check = () => {
      const m = out.text.match(pattern);
      if (m) {
        clearTimeout(timer);
        proc.stdout!.off('data', check);
        resolve(m);
      }
    };
    proc.stdout!.on('data', check);
    check();
  });
}

describe('delivery-assistant CLI', () => {
  it('prints help, and refuses an unknown command with exit code 2', () => {
    const help = spawnSync(process.execPath, [BIN, 'help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/start\s+Run the local stack/);
    const bad = spawnSync(process.execPath, [BIN, 'frobnicate'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Unknown command: frobnicate');
  });

  it('refuses to start on a wrong setting, naming every wrong variable (exit 2, nothing started)', () => {
    const res = spawnSync(process.execPath, [BIN, 'start'], {
      encoding: 'utf8',
      env: { ...process.env, PORT: 'abc', SLACK_STAFF_LANG: 'fr', DATA_DIR: dataDir },
      timeout: 20_000,
    });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('PORT must be a port number from 0 to 65535, got "abc"');
    expect(res.stderr).toContain('SLACK_STAFF_LANG must be en or pt-BR, got "fr"');
    expect(res.stdout).not.toContain('HTTP API');
  });

  it('runs as `npx delivery-assistant` from the project after npm install (the package bin)', () => {
    const res = spawnSync('npx', ['--no-install', 'delivery-assistant', 'help'], {
      cwd: resolve(import.meta.dirname, '../../..'),
      encoding: 'utf8',
    });
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/^delivery-assistant <command>/);
  });

  it('starts the local stack, takes an order to DELIVERED, logs each step, and stops cleanly on SIGINT', async () => {
    const out = { text: '' };
    child = spawn(process.execPath, [BIN, 'start'], {
      env: {
        ...process.env,
        PORT: '0',
        DATA_DIR: dataDir,
        STAFF_API_TOKEN: '',
        TELEGRAM_BOT_TOKEN: '',
        SLACK_BOT_TOKEN: '',
        SLACK_SIGNING_SECRET: '',
        SLACK_SUPPORT_CHANNEL: '',
        // No AWS in the environment: GEOCODER=auto then stays offline, whatever the machine has configured.
        GEOCODER: '',
        AWS_REGION: '',
      },
    });
    child.stdout!.on('data', (d: Buffer) => {
      out.text += d.toString();
    });
    child.stderr!.on('data', (d: Buffer) => {
      out.text += d.toString();
    });
    const [, url] = await waitForOutput(child, out, /HTTP API\s+(http:\/\/127\.0\.0\.1:\d+)/);
    const [, staff] = await waitForOutput(child, out, /Staff token\s+(\S+)\s+\(generated/);

    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(out.text).toMatch(/Telegram\s+off \(set TELEGRAM_BOT_TOKEN/);
    expect(out.text).toMatch(/Slack\s+off \(set SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_SUPPORT_CHANNEL/);
    expect(out.text).toMatch(
      /Geocoding\s+offline Rio de Janeiro gazetteer .*\(GEOCODER=auto, and no AWS_REGION is set\)/,
    );
    const placed = (await (
      await fetch(`${url}/api/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          customer: { name: 'Caio', phone: '+5521955554444' },
          items: [{ sku: 'PIZZA-MARG', qty: 1 }],
          address: { text: 'Rua Figueiredo Magalhães 100', lat: -22.9661, lon: -43.1871 },
          payment: { method: 'pix' },
        }),
      })
    ).json()) as { orderId: string };
    await waitForOutput(child, out, new RegExp(`${placed.orderId}\\s+AwaitNextStage\\s+⏳`));
    const statuses: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${url}/api/orders/${placed.orderId}/advance`, {
        method: 'POST',
        headers: { authorization: `Bearer ${staff}` },
      });
      statuses.push(((await res.json()) as { status: string }).status);
      if (i < 2)
        await waitForOutput(child, out, new RegExp(`(${placed.orderId}\\s+AwaitNextStage\\s+⏳[\\s\\S]*){${i + 2}}`));
    }
    expect(statuses).toEqual(['PREPARING', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    await waitForOutput(child, out, new RegExp(`${placed.orderId}\\s+\\(end\\)\\s+■ succeeded`));
    expect(out.text).toMatch(new RegExp(`${placed.orderId}\\s+ReceiveOrder\\s+✓ \\d+ ms`));
    expect(out.text).toMatch(/📱 SMS → \+5521955554444: Pedido \w+ entregue/);

    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out.text).toContain('stopped cleanly');
  });
});
