// Handoff in Slack: the escalation thread, take over, relay both ways, notes, return to bot, and the timeout sweep (to be built).
import type { Escalation } from '../../core/staff-desk.ts';
import type { SlackContext } from './slack-console.ts';

export function registerHandoff(_ctx: SlackContext): void {}
export async function openEscalation(_ctx: SlackContext, _e: Escalation): Promise<void> {}
export async function mirrorToThread(_ctx: SlackContext, _m: { conversationKey: string; text: string; at: string }): Promise<void> {}
export async function sweepEscalations(_ctx: SlackContext, _at: Date): Promise<void> {}
