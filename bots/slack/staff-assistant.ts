// The assistant for staff: a mention in a thread gets a streamed answer (to be built).
import type { SlackContext } from './slack-console.ts';

export function registerStaffAssistant(_ctx: SlackContext): void {}
