// Order actions from Slack: advance the delivery stage, cancel with a refund, /pedido and /order (to be built).
import type { SlackContext } from './slack-console.ts';

export function registerOrderActions(_ctx: SlackContext): void {}
