// The local stack's configuration: each variable validated once, blank as unset, Slack all-or-nothing, every problem
// named.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalConfigError, readAssistantSettings, readLocalConfig } from '../../../apps/local/config.ts';

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    readLocalConfig(env);
  } catch (err) {
    if (err instanceof LocalConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('readLocalConfig', () => {
  it('gives the defaults for an empty environment: port 3000, ./.data, no Telegram, no Slack, an offline assistant', () => {
    // Act
    const config = readLocalConfig({});

    // Assess
    expect(config).toEqual({
      port: 3000,
      dataDir: resolve('.data'),
      slackMissing: ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_SUPPORT_CHANNEL'],
      assistant: { runtime: {}, agentRuntime: {} },
      geocoder: { use: 'gazetteer', why: 'GEOCODER=auto, and no AWS_REGION is set', client: {} },
      payment: { pixPaySeconds: 10, pixExpiryMinutes: 15 },
    });
  });

  it('reads the Pix settings, and names a wrong one', () => {
    // Act
    const config = readLocalConfig({ SIMULATED_PIX_PAY_SECONDS: '0', PIX_EXPIRY_MINUTES: '30' });

    // Assess
    expect(config.payment).toEqual({ pixPaySeconds: 0, pixExpiryMinutes: 30 });
    expect(() => readLocalConfig({ PIX_EXPIRY_MINUTES: '0' })).toThrow(/PIX_EXPIRY_MINUTES/);
    expect(() => readLocalConfig({ SIMULATED_PIX_PAY_SECONDS: 'soon' })).toThrow(/SIMULATED_PIX_PAY_SECONDS/);
  });

  it('treats a blank variable as unset and trims the others', () => {
    // Act
    const config = readLocalConfig({
      PORT: ' ',
      DATA_DIR: '  /tmp/da-data  ',
      STAFF_API_TOKEN: '',
      TELEGRAM_BOT_TOKEN: ' 123:abc ',
      TELEGRAM_WEBHOOK_SECRET: '',
    });

    // Assess
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe('/tmp/da-data');
    expect(config.staffToken).toBeUndefined();
    expect(config.telegram).toEqual({ token: '123:abc' });
  });

  it('reads Slack from all three variables or none, and says which are missing', () => {
    // Act
    const none = readLocalConfig({});
    const one = readLocalConfig({ SLACK_BOT_TOKEN: 'x' });
    const full = readLocalConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      SLACK_SUPPORT_CHANNEL: 'C0SUPPORT1',
      SLACK_API_URL: 'http://127.0.0.1:1/api/',
      SLACK_STAFF_LANG: 'pt-BR',
      SLACK_HANDOFF_TIMEOUT_MINUTES: '5',
    });

    // Assess
    expect(none.slack).toBeUndefined();
    expect(one.slack).toBeUndefined();
    expect(one.slackMissing).toEqual(['SLACK_SIGNING_SECRET', 'SLACK_SUPPORT_CHANNEL']);
    expect(full.slackMissing).toEqual([]);
    expect(full.slack).toEqual({
      token: 'xoxb-1',
      signingSecret: 's',
      supportChannel: 'C0SUPPORT1',
      apiUrl: 'http://127.0.0.1:1/api/',
      staffLang: 'pt-BR',
      handoffTimeoutMs: 300_000,
    });
  });

  it.each([
    ['pt', 'pt-BR'],
    ['PT-br', 'pt-BR'],
    ['en-US', 'en'],
    [undefined, 'en'],
  ])('reads SLACK_STAFF_LANG %j as %s', (tag, lang) => {
    // Act
    const config = readLocalConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      SLACK_SUPPORT_CHANNEL: 'C0SUPPORT1',
      SLACK_STAFF_LANG: tag,
    });

    // Assess
    expect(config.slack?.staffLang).toBe(lang);
  });

  it.each([
    ['PORT', 'abc', /^PORT must be a port number from 0 to 65535, got "abc"$/],
    ['PORT', '70000', /^PORT must be a port number from 0 to 65535, got "70000"$/],
    ['PORT', '-1', /^PORT must be a port number/],
    ['SLACK_SUPPORT_CHANNEL', '#support', /^SLACK_SUPPORT_CHANNEL must be a Slack channel id .*, got "#support"$/],
    ['SLACK_STAFF_LANG', 'fr', /^SLACK_STAFF_LANG must be en or pt-BR, got "fr"$/],
    ['SLACK_HANDOFF_TIMEOUT_MINUTES', '0', /^SLACK_HANDOFF_TIMEOUT_MINUTES must be a whole number of minutes/],
    ['SLACK_HANDOFF_TIMEOUT_MINUTES', '1.5', /^SLACK_HANDOFF_TIMEOUT_MINUTES must be a whole number of minutes/],
    ['SLACK_API_URL', 'slack.com/api', /^SLACK_API_URL must be an http:\/\/ or https:\/\/ URL/],
    ['TELEGRAM_API_ROOT', 'ftp://x', /^TELEGRAM_API_ROOT must be an http:\/\/ or https:\/\/ URL/],
    ['GEOCODER', 'google', /^GEOCODER must be one of auto, places, gazetteer, got "google"/],
  ])('refuses %s=%j, naming the variable and the rule', (name, value, message) => {
    // Act
    const found = problems({ [name]: value });

    // Assess
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  it('names every wrong variable at once, and never echoes a secret', () => {
    // Act
    const found = problems({ PORT: 'x', TELEGRAM_WEBHOOK_SECRET: 'has spaces and a s3cret!' });

    // Assess
    expect(found).toEqual([
      'PORT must be a port number from 0 to 65535, got "x"',
      'TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and - (a Bot API rule)',
    ]);
  });
});

describe('readAssistantSettings', () => {
  it('reads the model ids, the keys, and each Bedrock client its own endpoint (AWS_ENDPOINT_URL as the fallback)', () => {
    // Act
    const settings = readAssistantSettings({
      ANSWER_MODEL_ID: 'answer',
      ROUTER_MODEL_ID: 'router',
      KNOWLEDGE_BASE_ID: 'KB1',
      AWS_REGION: 'sa-east-1',
      AWS_ACCESS_KEY_ID: 'AKIA1',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'http://127.0.0.1:8',
      PORT: 'not a port: the assistant does not read it',
    });

    // Assess
    expect(settings).toEqual({
      answerModelId: 'answer',
      routerModelId: 'router',
      knowledgeBaseId: 'KB1',
      runtime: {
        region: 'sa-east-1',
        endpoint: 'http://127.0.0.1:8',
        credentials: { accessKeyId: 'AKIA1', secretAccessKey: 'secret' },
      },
      agentRuntime: {
        region: 'sa-east-1',
        endpoint: 'http://127.0.0.1:9',
        credentials: { accessKeyId: 'AKIA1', secretAccessKey: 'secret' },
      },
    });
  });

  it('drops the configured endpoints with AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true, as the SDK does', () => {
    // Act
    const settings = readAssistantSettings({
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'TRUE',
    });

    // Assess
    expect(settings.runtime.endpoint).toBeUndefined();
    expect(settings.agentRuntime.endpoint).toBeUndefined();
  });
});

describe('readLocalConfig: GEOCODER', () => {
  const KEYS = { AWS_ACCESS_KEY_ID: 'AKIA1', AWS_SECRET_ACCESS_KEY: 'secret' };

  it.each([
    [{ AWS_REGION: 'sa-east-1', ...KEYS }, 'places', 'GEOCODER=auto, and AWS_REGION and AWS credentials are set'],
    [
      { AWS_REGION: 'sa-east-1', AWS_PROFILE: 'shop' },
      'places',
      'GEOCODER=auto, and AWS_REGION and AWS credentials are set',
    ],
    [{ ...KEYS }, 'gazetteer', 'GEOCODER=auto, and no AWS_REGION is set'],
    [
      { AWS_REGION: 'sa-east-1', AWS_ACCESS_KEY_ID: 'AKIA1' },
      'gazetteer',
      'GEOCODER=auto, and no AWS credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE) is set',
    ],
    [{ GEOCODER: 'gazetteer', AWS_REGION: 'sa-east-1', ...KEYS }, 'gazetteer', 'GEOCODER=gazetteer'],
    [{ GEOCODER: ' places ', AWS_REGION: 'sa-east-1' }, 'places', 'GEOCODER=places'],
  ] as const)('decides from the environment alone, without a network call: %j → %s', (env, use, why) => {
    // Act
    const { geocoder } = readLocalConfig(env);

    // Assess
    expect(geocoder).toMatchObject({ use, why });
  });

  it('gives the Places client the region, the keys and its own endpoint (AWS_ENDPOINT_URL as the fallback)', () => {
    // Act
    const own = readLocalConfig({
      AWS_REGION: 'sa-east-1',
      ...KEYS,
      AWS_ENDPOINT_URL_GEO_PLACES: 'http://127.0.0.1:7',
    });
    const shared = readLocalConfig({ AWS_REGION: 'sa-east-1', ...KEYS, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
    const ignored = readLocalConfig({
      AWS_REGION: 'sa-east-1',
      ...KEYS,
      AWS_ENDPOINT_URL_GEO_PLACES: 'http://127.0.0.1:7',
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
    });

    // Assess
    expect(own.geocoder.client).toEqual({
      region: 'sa-east-1',
      endpoint: 'http://127.0.0.1:7',
      credentials: { accessKeyId: 'AKIA1', secretAccessKey: 'secret' },
    });
    expect(shared.geocoder.client.endpoint).toBe('http://127.0.0.1:9');
    expect(ignored.geocoder.client.endpoint).toBeUndefined();
  });

  it('refuses GEOCODER=places with no region anywhere, at start rather than at the first address', () => {
    // Act + Assess
    expect(problems({ GEOCODER: 'places', ...KEYS })).toEqual([
      'GEOCODER=places needs AWS_REGION (or an AWS_PROFILE that names a region)',
    ]);
    expect(problems({ GEOCODER: 'places', AWS_PROFILE: 'shop' })).toEqual([]);
  });
});

describe('Mercado Pago settings', () => {
  it('are off without a token, need the webhook secret with one, and never echo either', () => {
    expect(readLocalConfig({}).mercadopago).toBeUndefined();
    const missing = problems({ MERCADOPAGO_ACCESS_TOKEN: 'APP_USR-secret-token' });
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatch(/^MERCADOPAGO_WEBHOOK_SECRET is required with MERCADOPAGO_ACCESS_TOKEN/);
    expect(missing[0]).not.toContain('APP_USR-secret-token');
    expect(
      readLocalConfig({
        MERCADOPAGO_ACCESS_TOKEN: 'APP_USR-t',
        MERCADOPAGO_WEBHOOK_SECRET: 's',
        MERCADOPAGO_API_URL: 'http://127.0.0.1:9999',
      }).mercadopago,
    ).toEqual({ accessToken: 'APP_USR-t', webhookSecret: 's', apiUrl: 'http://127.0.0.1:9999' });
    expect(
      problems({ MERCADOPAGO_ACCESS_TOKEN: 't', MERCADOPAGO_WEBHOOK_SECRET: 's', MERCADOPAGO_API_URL: 'x' }),
    ).toEqual(['MERCADOPAGO_API_URL must be an http:// or https:// URL, got "x"']);
  });
});
