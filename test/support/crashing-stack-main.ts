// A local stack whose payment provider kills the whole process (SIGKILL) at a chosen point: CRASH_AT=<kind>:<when>:<n>,
// e.g. refund:after:1 dies right after the first refund reached the provider, before the order recorded it.
import { startLocalStack } from '../../apps/local/local-stack.ts';
import type { PaymentGateway } from '../../core/ports.ts';
import { DEMO_PACKAGE } from './demo-store.ts';

const [kind, when, nth] = (process.env.CRASH_AT ?? 'none:never:0').split(':');
let seen = 0;
const die = (k: string, w: string) => {
  if (k === kind && w === when && ++seen === Number(nth)) process.kill(process.pid, 'SIGKILL');
};

const stack = await startLocalStack({
  catalog: DEMO_PACKAGE,
  port: 0,
  dataDir: process.env.DATA_DIR!,
  staffToken: process.env.STAFF_API_TOKEN!,
  assistant: false,
  retryIntervalMs: 5,
  payments: (sim): PaymentGateway => ({
    charge: async (req) => {
      die('charge', 'before');
      const r = await sim.charge(req);
      die('charge', 'after');
      return r;
    },
    refund: async (req) => {
      die('refund', 'before');
      const r = await sim.refund(req);
      die('refund', 'after');
      return r;
    },
    findCharge: (orderId, key) => sim.findCharge(orderId, key),
    getPayment: (id) => sim.getPayment(id),
    cancelPayment: (id) => sim.cancelPayment(id),
    listPayments: (since) => sim.listPayments(since),
  }),
});
console.log(`HTTP API      ${stack.url}`);
