// Reads the local stack's orders, the provider's books and the holds, and returns the invariant's violations.
import type { LocalStack } from '../../apps/local/local-stack.ts';
import { checkLedgerInvariant, readLedgerSnapshot, type Violation } from '../../core/ledger-invariant.ts';

export async function ledgerViolations(stack: LocalStack): Promise<Violation[]> {
  return checkLedgerInvariant(
    await readLedgerSnapshot({ orders: stack.deps.orders, catalog: stack.deps.catalog, book: stack.payments }),
  );
}
