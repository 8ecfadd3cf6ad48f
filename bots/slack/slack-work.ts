// The Slack worker's queue items: Slack requests the edge accepted, order events, escalations and mirrors from the chat
// bots, and the timeout sweep.
import { createHash } from 'node:crypto';
import type { OrderEventPayload } from '../../core/order-notification.ts';
import type { Escalation, MirroredMessage, StaffDesk } from '../../core/staff-desk.ts';
import type { ChatWorkQueue } from '../../core/work-queue.ts';

export type SlackWork =
  /** A verified Slack request body (event callback, interaction or slash command), handled by the Bolt listeners. */
  | { kind: 'slack'; body: Record<string, unknown>; retryNum?: number }
  | { kind: 'order_event'; payload: OrderEventPayload }
  | { kind: 'escalate'; escalation: Escalation }
  | ({ kind: 'mirror' } & MirroredMessage)
  | { kind: 'customer_left'; conversationKey: string; at: string }
  /** Looks for escalations nobody took within the handoff timeout. */
  | { kind: 'sweep'; at: string };

export type SlackWorkQueue = ChatWorkQueue<SlackWork>;

/** The chat bots' StaffDesk: each call becomes a queue item for the Slack worker, in order per conversation. */
export class QueuedStaffDesk implements StaffDesk {
  constructor(private readonly queue: SlackWorkQueue) {}

  async escalate(escalation: Escalation): Promise<void> {
    await this.queue.enqueue(escalation.conversationKey, `escalate:${escalation.conversationKey}:${escalation.at}`, {
      kind: 'escalate',
      escalation,
    });
  }

  async mirror(m: MirroredMessage): Promise<void> {
    // The text is part of the id (hashed: SQS ids are ASCII punctuation and alphanumerics, at most 128 characters),
    // so two messages in the same millisecond are still two mirrors.
    const id = createHash('sha256').update(`${m.conversationKey}\n${m.at}\n${m.text}`).digest('hex').slice(0, 40);
    await this.queue.enqueue(m.conversationKey, `mirror:${id}`, { kind: 'mirror', ...m });
  }

  async customerLeft(m: { conversationKey: string; at: string }): Promise<void> {
    const id = createHash('sha256').update(`${m.conversationKey}\n${m.at}`).digest('hex').slice(0, 40);
    await this.queue.enqueue(m.conversationKey, `left:${id}`, { kind: 'customer_left', ...m });
  }
}
