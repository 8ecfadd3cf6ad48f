// `delivery-assistant start`: runs the local stack until SIGINT/SIGTERM, printing what a developer needs to try it.
import { resolve } from 'node:path';
import { slackOptionsFromEnv } from '../local/local-slack.ts';
import { startLocalStack } from '../local/local-stack.ts';

export async function startCommand(_args: string[]): Promise<number> {
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be a port number, got "${process.env.PORT}"`);
    return 2;
  }
  const dataDir = resolve(process.env.DATA_DIR ?? '.data');
  const token = process.env.TELEGRAM_BOT_TOKEN || undefined;
  const telegram = token
    ? {
        token,
        apiRoot: process.env.TELEGRAM_API_ROOT || undefined,
        webhookSecret: process.env.TELEGRAM_WEBHOOK_SECRET || undefined,
      }
    : undefined;
  const slackEnv = slackOptionsFromEnv(process.env);
  const stack = await startLocalStack({
    port,
    dataDir,
    staffToken: process.env.STAFF_API_TOKEN || undefined,
    print: (l) => console.log(l),
    telegram,
    slack: slackEnv.options,
  });
  const slackLine = stack.slack
    ? `support console in ${slackEnv.options!.supportChannel}, events at ${stack.url}/slack/events (expose it with a tunnel)`
    : slackEnv.missing.length < 3
      ? `off: set ${slackEnv.missing.join(' and ')} too`
      : 'off (set SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_SUPPORT_CHANNEL to run the support console)';
  const telegramLine = !stack.telegram
    ? 'off (set TELEGRAM_BOT_TOKEN to run the bot)'
    : stack.telegram.mode === 'webhook'
      ? `@${stack.telegram.username} via webhook at ${stack.url}/telegram/webhook (register it with telegram:webhook)`
      : `@${stack.telegram.username} by long polling (no public URL needed)`;

  console.log(`
🛵 Delivery Assistant — local stack
   HTTP API      ${stack.url}  (GET /health, GET /api/catalog, POST /api/orders, ...)
   DynamoDB      dynalite, data in ${dataDir}${stack.seeded ? ' (demo catalog seeded)' : ''}
   Workflows     statemachines/order-workflow.asl.json under aws-local-stepfunctions
   Notifications printed below (📱 SMS, ✉️  e-mail), nothing is sent
   Telegram      ${telegramLine}
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
