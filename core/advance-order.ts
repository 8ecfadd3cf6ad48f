// Staff moves an order to its next delivery stage by completing the workflow's waiting callback.
import type { OrderDeps } from './deps.ts';
import { ConcurrentUpdate, NoStageAwaiting, OrderNotFound } from './errors.ts';
import { NEXT_STAGE, type Order, type OrderStatus } from './order.ts';

/** What the workflow's callback receives, and passes on to the step that applies the stage. */
export interface StageAdvance {
  to: OrderStatus;
  by: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** True when `status` is a delivery stage after `from` (someone advanced it meanwhile), not a cancel or a close. */
function isLaterStage(from: OrderStatus, status: OrderStatus): boolean {
  for (let s = NEXT_STAGE[from]; s; s = NEXT_STAGE[s]) if (s === status) return true;
  return false;
}

/**
 * The order moved away from `from` while we worked: done if it moved on along the delivery (another click got there
 * first), refused at once otherwise (cancelled meanwhile), instead of waiting for a stage that will never come.
 */
function movedOn(from: OrderStatus, order: Order): { order: Order; applied: boolean } {
  if (isLaterStage(from, order.status)) return { order, applied: true };
  throw new NoStageAwaiting(order.status);
}

/**
 * Claims the stored task token (so two staff clicks never advance twice), completes the callback, then waits
 * briefly for the workflow to apply the stage so the caller sees the new status. `waitMs` bounds both waits.
 */
export async function advanceOrder(
  deps: OrderDeps,
  orderId: string,
  by: string,
  waitMs = 5000,
): Promise<{ order: Order; applied: boolean }> {
  const deadline = Date.now() + waitMs;
  let from: OrderStatus | undefined;
  for (;;) {
    const order = await deps.orders.get(orderId);
    if (!order) throw new OrderNotFound(orderId);
    // The request means "the stage after the one I saw": if another click already moved it on, we are done (no skip).
    from ??= order.status;
    if (order.status !== from) return movedOn(from, order);
    const to = NEXT_STAGE[order.status];
    if (!to) throw new NoStageAwaiting(order.status);
    if (!order.taskToken) {
      // The workflow stores the next token right after applying a stage; give it a moment before refusing.
      if (Date.now() > deadline) throw new NoStageAwaiting(order.status);
      await sleep(50);
      continue;
    }
    const token = order.taskToken;
    const claimed = { ...order };
    delete claimed.taskToken;
    try {
      await deps.orders.save(claimed);
    } catch (err) {
      if (err instanceof ConcurrentUpdate) continue;
      throw err;
    }
    const advance: StageAdvance = { to, by };
    try {
      await deps.workflow.completeTask(token, advance);
    } catch (err) {
      // The token expired (heartbeat fired) just as we claimed it: the workflow is storing a fresh one, wait for it.
      if (err instanceof NoStageAwaiting && Date.now() <= deadline) continue;
      throw err;
    }
    return waitForStatus(deps, orderId, from, deadline);
  }
}

async function waitForStatus(
  deps: OrderDeps,
  orderId: string,
  from: OrderStatus,
  deadline: number,
): Promise<{ order: Order; applied: boolean }> {
  for (;;) {
    const order = (await deps.orders.get(orderId))!;
    if (order.status !== from) return movedOn(from, order);
    if (Date.now() > deadline) return { order, applied: false };
    await sleep(25);
  }
}
