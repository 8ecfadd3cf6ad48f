// `telegram:webhook` registers the webhook with its secret and allowed updates, against a fake Bot API on loopback.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { telegramWebhookCommand } from '../../../apps/cli/telegram-webhook-command.ts';
import { TELEGRAM_ALLOWED_UPDATES } from '../../../bots/telegram/telegram-webhook.ts';
import { type FakeTelegramApi, startFakeTelegramApi } from '../../support/fake-telegram-api.ts';

let fake: FakeTelegramApi;
beforeAll(async () => {
  fake = await startFakeTelegramApi();
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const env = (over: Record<string, string | undefined> = {}) => ({
  TELEGRAM_BOT_TOKEN: fake.token,
  TELEGRAM_WEBHOOK_SECRET: 'S3cret_token-1',
  TELEGRAM_API_ROOT: fake.apiRoot,
  ...over,
});
const quiet = () => {
  vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
};

describe('delivery-assistant telegram:webhook', () => {
  it('sets the webhook with the secret token, the allowed updates, and keeps pending updates', async () => {
    quiet();
    const code = await telegramWebhookCommand(
      ['https://abc.execute-api.sa-east-1.amazonaws.com/telegram/webhook'],
      env(),
    );
    const call = fake.calls.find((c) => c.method === 'setWebhook')!;
    expect(code).toBe(0);
    expect(call.params).toMatchObject({
      url: 'https://abc.execute-api.sa-east-1.amazonaws.com/telegram/webhook',
      secret_token: 'S3cret_token-1',
      allowed_updates: [...TELEGRAM_ALLOWED_UPDATES],
      drop_pending_updates: false,
    });
  });

  it('refuses without a secret, with a plain-http URL, or with a secret Telegram would reject (exit 2, nothing sent)', async () => {
    quiet();
    const before = fake.calls.length;
    const codes = [
      await telegramWebhookCommand(
        ['https://example.com/telegram/webhook'],
        env({ TELEGRAM_WEBHOOK_SECRET: undefined }),
      ),
      await telegramWebhookCommand(['http://example.com/telegram/webhook'], env()),
      await telegramWebhookCommand(
        ['https://example.com/telegram/webhook'],
        env({ TELEGRAM_WEBHOOK_SECRET: 'has spaces!' }),
      ),
      await telegramWebhookCommand([], env()),
    ];
    expect(codes).toEqual([2, 2, 2, 2]);
    expect(fake.calls.length).toBe(before);
  });

  it('reports a Bot API refusal with exit 1', async () => {
    quiet();
    fake.failNext('setWebhook', { error_code: 400, description: 'Bad Request: bad webhook: Failed to resolve host' });
    expect(await telegramWebhookCommand(['https://nowhere.invalid/telegram/webhook'], env())).toBe(1);
  });
});
