// `delivery-assistant payments reconcile`: the payment provider's payments since a moment, next to their orders, in
// the local data folder (stack stopped) or a deployed stack's table; prints each mismatch and exits 1, else 0.
import { DynamoOrderRepository } from '../../adapters/aws/dynamo-order-repository.ts';
import { formatMoney } from '../../core/lang.ts';
import type { Order } from '../../core/order.ts';
import { type ReconciliationRow, reconcilePayments } from '../../core/payment-reconciliation.ts';
import { paymentProviderFor } from './payment-provider.ts';
import { parseSince } from './since-option.ts';
import { openTable, type Target } from './table-target.ts';

const USAGE = `usage: delivery-assistant payments reconcile [--since 24h|2h|30m|2026-12-01T00:00:00Z] [--stack NAME] [--data-dir DIR]

Lists the payment provider's payments created since --since (default 24h) next to their orders, and every mismatch:
paid but not confirmed, confirmed but not paid, refunded twice, amounts that differ, payments of no order.
  (default)       the local data in DATA_DIR (./.data), with the local stack stopped
  --stack NAME    a deployed stack: its TableName output, with the AWS credentials and region of the environment
The provider is the simulated one on the table's books, unless MERCADOPAGO_ACCESS_TOKEN is set.`;

export interface PaymentsCommandOptions {
  out?: (line: string) => void;
  err?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  now?: Date;
}

export async function paymentsCommand(args: string[], opts: PaymentsCommandOptions = {}): Promise<number> {
  const out = opts.out ?? console.log;
  const err = opts.err ?? console.error;
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    out(USAGE);
    return 0;
  }
  if (sub !== 'reconcile') {
    err(`${sub ? `Unknown payments command: ${sub}` : 'Missing payments command'}\n\n${USAGE}`);
    return 2;
  }
  let stack: string | undefined;
  let dataDir: string | undefined;
  let sinceArg = '24h';
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--stack' && rest[i + 1]) stack = rest[++i];
    else if (a === '--data-dir' && rest[i + 1]) dataDir = rest[++i]!;
    else if (a === '--since' && rest[i + 1]) sinceArg = rest[++i]!;
    else if (a === '--help' || a === '-h') {
      out(USAGE);
      return 0;
    } else {
      err(`Unknown argument: ${a}\n\n${USAGE}`);
      return 2;
    }
  }
  const since = parseSince(sinceArg, opts.now);
  if (!since) {
    err(`payments reconcile: --since ${sinceArg} is neither a duration (30m, 2h, 24h, 7d) nor an ISO date`);
    return 2;
  }

  let target: Target;
  try {
    target = await openTable({ stack, dataDir });
  } catch (e) {
    err(`payments reconcile: ${(e as Error).message}`);
    return 2;
  }
  try {
    const provider = paymentProviderFor(target, opts.env);
    const orders: Order[] = [];
    for await (const page of new DynamoOrderRepository(target.client, target.table).listAll()) orders.push(...page);
    const payments = await provider.listPayments(since);
    const { rows, mismatches } = reconcilePayments({ orders, payments, since });
    if (rows.length) for (const line of table(rows)) out(line);
    for (const m of mismatches)
      out(`✗ ${m.code} order ${m.orderId}${m.paymentId ? ` payment ${m.paymentId}` : ''}: ${m.message}`);
    const summary = `${payments.length} payment(s) since ${since.toISOString()} in ${target.label}`;
    if (mismatches.length) {
      out(`${mismatches.length} mismatch(es) in ${summary}`);
      return 1;
    }
    out(`✓ the books balance: ${summary} agree with their orders`);
    return 0;
  } finally {
    await target.close();
  }
}

const money = (c: number) => formatMoney(c, 'en');

/** The payments as aligned columns: the provider's side, then the order's. */
function table(rows: ReconciliationRow[]): string[] {
  const cells = [
    ['payment', 'order', 'provider', 'order status', 'amount', 'refunded', 'on order', 'refunded on order'],
    ...rows.map((r) => [
      r.paymentId,
      r.orderId,
      r.providerStatus,
      r.orderStatus ?? '(no order)',
      money(r.amount),
      money(r.refunded),
      money(r.orderCharged),
      money(r.orderRefunded),
    ]),
  ];
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells.map((row) =>
    row
      .map((c, i) => (i >= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}
