// The Slack and Telegram settings' rules, shared by every runtime: what each accepts, normalises and refuses.
import { describe, expect, it } from 'vitest';
import { slackChannelId, slackHandoffTimeoutMinutes, slackStaffLang } from '../../core/slack-settings.ts';
import { telegramApiRoot, telegramBotUsername, telegramWebhookSecret } from '../../core/telegram-settings.ts';

describe('Slack settings', () => {
  it('accepts channel ids (public C…, private G…) and refuses names', () => {
    // Act / Assess
    expect(slackChannelId.parse(' C0123456789 ')).toBe('C0123456789');
    expect(slackChannelId.parse('G0PRIVATE9')).toBe('G0PRIVATE9');
    for (const bad of ['#support', 'support', 'C1', 'c0123456789'])
      expect(slackChannelId.safeParse(bad).success).toBe(false);
  });

  it('reads the handoff timeout from a number (cdk.json) or its digits (env, -c), 1 to 1440', () => {
    // Act / Assess
    expect(slackHandoffTimeoutMinutes.parse(15)).toBe(15);
    expect(slackHandoffTimeoutMinutes.parse(' 1440 ')).toBe(1440);
    for (const bad of [0, 1441, 2.5, '10m', '', '-3'])
      expect(slackHandoffTimeoutMinutes.safeParse(bad).success).toBe(false);
  });

  it('maps staff language tags to en or pt-BR and refuses others', () => {
    // Act / Assess
    expect(slackStaffLang.parse('pt-BR')).toBe('pt-BR');
    expect(slackStaffLang.parse('EN')).toBe('en');
    expect(slackStaffLang.safeParse('es').success).toBe(false);
  });
});

describe('Telegram settings', () => {
  it('keeps the Bot API rule for the webhook secret', () => {
    // Act / Assess
    expect(telegramWebhookSecret.parse('S3cret_token-1')).toBe('S3cret_token-1');
    for (const bad of ['', 'has spaces!', 'x'.repeat(257)])
      expect(telegramWebhookSecret.safeParse(bad).success).toBe(false);
  });

  it('drops an @ from the bot username and refuses a name that is not a bot', () => {
    // Act / Assess
    expect(telegramBotUsername.parse(' @my_shop_bot ')).toBe('my_shop_bot');
    for (const bad of ['my_shop', 'b0t', '1shop_bot']) expect(telegramBotUsername.safeParse(bad).success).toBe(false);
  });

  it('accepts only an http(s) Bot API root', () => {
    // Act / Assess
    expect(telegramApiRoot.parse('http://127.0.0.1:8081')).toBe('http://127.0.0.1:8081');
    expect(telegramApiRoot.safeParse('ftp://127.0.0.1').success).toBe(false);
  });
});
