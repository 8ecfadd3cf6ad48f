// App Home: the open escalations and the orders in progress, by stage, oldest first (to be built).
import type { SlackContext } from './slack-console.ts';

export function registerAppHome(_ctx: SlackContext): void {}
