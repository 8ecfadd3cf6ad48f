// `delivery-assistant doctor`: checks that the orders, the payment provider's books and the stock holds agree, in the
// local data folder (stack stopped) or in a deployed stack's table; prints each violation and exits 1, else 0.
import { DynamoCatalogStore } from '../../adapters/aws/dynamo-catalog-store.ts';
import { DynamoOrderRepository } from '../../adapters/aws/dynamo-order-repository.ts';
import { checkLedgerInvariant, readLedgerSnapshot } from '../../core/ledger-invariant.ts';
import { paymentProviderFor } from './payment-provider.ts';
import { openTable, type Target } from './table-target.ts';

const USAGE = `usage: delivery-assistant doctor [--stack NAME] [--data-dir DIR]

Checks, for every order, that the payment provider's net (charges minus refunds, per idempotency key) equals what the
order says was paid, and that the stock holds match the open orders.
  (default)       the local data in DATA_DIR (./.data), with the local stack stopped
  --stack NAME    a deployed stack: its TableName output, with the AWS credentials and region of the environment`;

export async function doctorCommand(
  args: string[],
  out: (l: string) => void = console.log,
  err: (l: string) => void = console.error,
): Promise<number> {
  let stack: string | undefined;
  let dataDir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--stack' && args[i + 1]) stack = args[++i];
    else if (a === '--data-dir' && args[i + 1]) dataDir = args[++i]!;
    else if (a === '--help' || a === '-h') {
      out(USAGE);
      return 0;
    } else {
      err(`Unknown argument: ${a}\n\n${USAGE}`);
      return 2;
    }
  }

  let target: Target;
  try {
    target = await openTable({ stack, dataDir });
  } catch (e) {
    err(`doctor: ${(e as Error).message}`);
    return 2;
  }
  try {
    const snapshot = await readLedgerSnapshot({
      orders: new DynamoOrderRepository(target.client, target.table),
      catalog: new DynamoCatalogStore(target.client, target.table),
      // The provider's own books: the simulated ones in the table, or Mercado Pago's when its token is set.
      book: paymentProviderFor(target),
    });
    const violations = checkLedgerInvariant(snapshot);
    for (const v of violations)
      out(`✗ ${v.code}${v.orderId ? ` order ${v.orderId}` : ''}${v.sku ? ` ${v.sku}` : ''}: ${v.message}`);
    const summary = `${snapshot.orders.length} orders, ${snapshot.records.length} payment operations, ${snapshot.holds.length} stock holds in ${target.label}`;
    if (violations.length) {
      out(`${violations.length} violation(s) in ${summary}`);
      return 1;
    }
    out(`✓ the books balance: ${summary}`);
    return 0;
  } finally {
    await target.close();
  }
}
