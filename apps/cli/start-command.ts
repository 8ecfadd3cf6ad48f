// `delivery-assistant start`: runs the local stack until SIGINT/SIGTERM, printing what a developer needs to try it.

import { StoreFolderInvalid } from '../../adapters/local/store-folder.ts';
import { type LocalConfig, LocalConfigError, readLocalConfig } from '../local/config.ts';
import { type LocalStack, startLocalStack } from '../local/local-stack.ts';

export async function startCommand(_args: string[]): Promise<number> {
  let config: LocalConfig;
  try {
    config = readLocalConfig();
  } catch (err) {
    if (!(err instanceof LocalConfigError)) throw err;
    console.error(err.message);
    return 2;
  }
  const { dataDir } = config;
  let stack: LocalStack;
  try {
    stack = await startLocalStack({
      port: config.port,
      dataDir,
      storeDir: config.storeDir,
      staffToken: config.staffToken,
      print: (l) => console.log(l),
      telegram: config.telegram,
      slack: config.slack,
      assistant: { settings: config.assistant },
      geocoder: config.geocoder,
      payment: config.payment,
      ...(config.mercadopago ? { mercadopago: config.mercadopago } : {}),
    });
  } catch (err) {
    // A store folder with mistakes: every problem, one line each, and nothing started.
    if (!(err instanceof StoreFolderInvalid)) throw err;
    console.error(err.message);
    return 2;
  }
  const slackLine = stack.slack
    ? `support console in ${config.slack!.supportChannel}, events at ${stack.url}/slack/events (expose it with a tunnel)`
    : config.slackMissing.length < 3
      ? `off: set ${config.slackMissing.join(' and ')} too`
      : 'off (set SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_SUPPORT_CHANNEL to run the support console)';
  const telegramLine = !stack.telegram
    ? 'off (set TELEGRAM_BOT_TOKEN to run the bot)'
    : stack.telegram.mode === 'webhook'
      ? `@${stack.telegram.username} via webhook at ${stack.url}/telegram/webhook (register it with telegram:webhook)`
      : `@${stack.telegram.username} by long polling (no public URL needed)`;

  console.log(`
🛵 Delivery Assistant — local stack
   HTTP API      ${stack.url}  (GET /health, GET /api/catalog, POST /api/orders, ...)
   Store         ${stack.storeSummary}
   DynamoDB      dynalite, data in ${dataDir}${stack.seeded ? ' (new: the store was written)' : ''}
   Workflows     statemachines/order-workflow.asl.json under aws-local-stepfunctions
   Notifications printed below (📱 SMS, ✉️  e-mail), nothing is sent
   Telegram      ${telegramLine}
   Geocoding     ${stack.geocoder.description}
   Slack         ${slackLine}
   Staff token   ${stack.staffToken}${stack.staffTokenGenerated ? '  (generated; set STAFF_API_TOKEN to fix it)' : ''}

Try:  curl -s ${stack.url}/api/catalog
`);

  return new Promise<number>((done) => {
    const shutdown = async (signal: string) => {
      console.log(`\n${signal}: stopping…`);
      await stack.stop();
      console.log('stopped cleanly');
      done(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
  });
}
