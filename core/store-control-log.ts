// The audit trail of the shift's store controls (pause, resume, kitchen delay, stock): who did what, when, and how it
// ended. Each entry is also the claim of one click, so a redelivered click is never applied twice.
import type { StoreControl } from './store-controls.ts';

/** `applying` until the control ran; `failed` (nothing known changed, a retry may claim it again), `refused`, `done`. */
export type StoreControlOutcome = 'applying' | 'done' | 'refused' | 'failed';

export interface StoreControlEntry {
  /** The click's own id (Slack's trigger id): the same click, redelivered, is the same entry. */
  id: string;
  /** When it was asked for (ISO); with `id`, the entry's key. */
  at: string;
  /** Who, as order history writes it: `slack:<name>`. */
  by: string;
  /** The Slack user id behind `by`, when there is one. */
  userId?: string;
  control: StoreControl;
  outcome: StoreControlOutcome;
  /** The error code of a refusal (INVALID_STORE_CONTROL, UNKNOWN_SKU…). */
  code?: string;
  /** The state the control left: the pause's end, the delay, the item's units. */
  after?: { pausedUntil?: string | null; delayMinutes?: number; stock?: number | null };
}

export type StoreControlKey = Pick<StoreControlEntry, 'id' | 'at'>;

export interface StoreControlLog {
  /**
   * Records `entry` as `applying`. Answers 'claimed', or the entry already recorded under that key (the click was
   * handled, or is being handled); an entry that `failed` is claimed again.
   */
  claim(entry: Omit<StoreControlEntry, 'outcome'>): Promise<'claimed' | StoreControlEntry>;
  /** How the claimed control ended. */
  settle(
    key: StoreControlKey,
    outcome: Exclude<StoreControlOutcome, 'applying'>,
    extra?: Pick<StoreControlEntry, 'code' | 'after'>,
  ): Promise<void>;
  /** The latest entries, newest first. */
  recent(limit: number): Promise<StoreControlEntry[]>;
}
