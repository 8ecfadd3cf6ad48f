// The shift's controls over the store: pause and resume orders, the kitchen delay, an item's stock. Shared by the
// staff HTTP routes and Slack's App Home, so both check the same limits.
import type { Product, Store } from './catalog.ts';
import type { OrderDeps } from './deps.ts';
import { ErrorCode, ValidationError } from './errors.ts';
import { announceKitchenDelay } from './kitchen-delay.ts';

export type StoreControl =
  | { kind: 'pause'; minutes: number }
  | { kind: 'resume' }
  | { kind: 'delay'; minutes: number }
  | { kind: 'stock'; sku: string; stock: number | null }
  | { kind: 'add-stock'; sku: string; units: number };

export const CONTROL_LIMITS = {
  pauseMinutes: { min: 1, max: 12 * 60 },
  delayMinutes: { min: 0, max: 180 },
  stock: { min: 0, max: 100_000 },
  addUnits: { min: 1, max: 10_000 },
} as const;

function within(value: number, limit: { min: number; max: number }, what: string): void {
  if (!Number.isInteger(value) || value < limit.min || value > limit.max)
    throw new ValidationError(
      ErrorCode.InvalidStoreControl,
      `${what} must be a whole number from ${limit.min} to ${limit.max}`,
      {
        field: what,
        min: limit.min,
        max: limit.max,
      },
    );
}

/** What a control leaves: the store, the item when the control was on one, and for a delay how many were told. */
export interface StoreControlResult {
  store: Store;
  product?: Product;
  /** A kitchen delay: the customers with an order in the kitchen who were told now (core/kitchen-delay.ts). */
  customersTold?: number;
}

/**
 * Applies one control and answers the new state. A kitchen delay above zero is also announced, once per order and
 * amount, to the customers with an order in the kitchen (which is why it needs the order ports, not only the catalog).
 */
export async function applyStoreControl(deps: OrderDeps, control: StoreControl): Promise<StoreControlResult> {
  switch (control.kind) {
    case 'pause':
      within(control.minutes, CONTROL_LIMITS.pauseMinutes, 'minutes');
      return { store: await deps.catalog.setPause(new Date(deps.clock.now().getTime() + control.minutes * 60_000)) };
    case 'resume':
      return { store: await deps.catalog.setPause(null) };
    case 'delay': {
      within(control.minutes, CONTROL_LIMITS.delayMinutes, 'minutes');
      const store = await deps.catalog.setDelay(control.minutes);
      return { store, customersTold: await announceKitchenDelay(deps, control.minutes) };
    }
    case 'stock': {
      if (control.stock !== null) within(control.stock, CONTROL_LIMITS.stock, 'stock');
      const product = await deps.catalog.setStock(control.sku, control.stock);
      return { store: await deps.catalog.getStore(), product };
    }
    case 'add-stock': {
      within(control.units, CONTROL_LIMITS.addUnits, 'units');
      const product = await deps.catalog.addStock(control.sku, control.units);
      return { store: await deps.catalog.getStore(), product };
    }
  }
}
