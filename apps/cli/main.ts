// The delivery-assistant CLI: `start` runs the local stack, `bench` measures it; later issues add subcommands.
const HELP = `delivery-assistant <command>

Commands:
  start     Run the local stack (HTTP API, DynamoDB via dynalite, the order workflow under the ASL interpreter)
  bench [orders|telegram|assistant|slack|lambda]
            Measure the local stack: orders/s and POST→CONFIRMED through the order workflow; the Telegram
            webhook's ack and reply latency; the assistant's time to first activity and first token, router
            overhead and chat API calls per 1,000 characters streamed; the Slack edge's ack latency and the
            customer → thread mirror and staff → customer relay times; each Lambda bundle's size and import
            time over a bare Node start (all five when none is named)
  eval qa [--offline] [--only ID,ID] [--lang pt-BR|en] [--out FILE]
            Ask the answer-quality set (eval/qa-set.json) from fresh chats through the Telegram webhook and score
            the replies: share right, honest "I don't know", developer tone, time to first activity and to the
            final message (Bedrock when ANSWER_MODEL_ID and credentials resolve, offline otherwise)
  intent    Classify a chat message: intent "<text>" or intent --stdin (one per line) → one JSON line each
  telegram:webhook <https-url>
            Register the deployed Telegram webhook (TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET)
  slack:manifest <https-base-url>
            Print the Slack app manifest (scopes, events, interactivity, /pedido and /order) for that URL
  chaos [kills|races] [--quick]
            Kill the local stack at random points of every order path and storm orders with concurrent requests,
            checking the money and stock invariant after each restart; exits 1 on any violation
  doctor [--stack NAME]
            Check that orders, the payment provider's books and stock holds agree (local DATA_DIR with the stack
            stopped, or a deployed stack); prints each violation and exits 1, or a one-line summary and exits 0
  payments reconcile [--since 24h|2h|30m|ISO-DATE] [--stack NAME]
            List the payment provider's payments next to their orders (local DATA_DIR with the stack stopped, or a
            deployed stack): paid but not confirmed, confirmed but not paid, refunded twice, amounts that differ;
            exits 1 on any mismatch, or prints a one-line summary and exits 0
  store check DIR | store schema | store push DIR [--stack NAME] [--restock]
            Validate a store folder (every problem as file:line: field: message), print the store.yaml JSON
            Schema, or apply a store to the local DATA_DIR (stack stopped) or a deployed stack
  pay ORDER_ID
            Pay an order's pending Pix (or card checkout) on the running local stack's simulated provider
  help      Show this help

Environment (start): PORT (3000), DATA_DIR (./.data), STORE_DIR (stores/demo), STAFF_API_TOKEN (generated when unset),
  TELEGRAM_BOT_TOKEN [TELEGRAM_WEBHOOK_SECRET, TELEGRAM_API_ROOT],
  SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET + SLACK_SUPPORT_CHANNEL [SLACK_API_URL, SLACK_STAFF_LANG, SLACK_HANDOFF_TIMEOUT_MINUTES],
  ANSWER_MODEL_ID, ROUTER_MODEL_ID, KNOWLEDGE_BASE_ID (real Bedrock when AWS credentials resolve),
  PIX_EXPIRY_MINUTES (15), SIMULATED_PIX_PAY_SECONDS (10; 0 waits for pay ORDER_ID)`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      return (await import('./start-command.ts')).startCommand(rest);
    case 'bench':
      return (await import('./bench-command.ts')).benchCommand(rest);
    case 'eval':
      return (await import('./eval-command.ts')).evalCommand(rest);
    case 'intent':
      return (await import('./intent-command.ts')).intentCommand(rest);
    case 'telegram:webhook':
      return (await import('./telegram-webhook-command.ts')).telegramWebhookCommand(rest);
    case 'chaos':
      return (await import('./chaos-command.ts')).chaosCommand(rest);
    case 'doctor':
      return (await import('./doctor-command.ts')).doctorCommand(rest);
    case 'payments':
      return (await import('./payments-command.ts')).paymentsCommand(rest);
    case 'store':
      return (await import('./store-command.ts')).storeCommand(rest);
    case 'pay':
      return (await import('./pay-command.ts')).payCommand(rest);
    case 'slack:manifest':
      return (await import('./slack-manifest-command.ts')).slackManifestCommand(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP);
      return 0;
    default:
      console.error(`Unknown command: ${command}\n\n${HELP}`);
      return 2;
  }
}
