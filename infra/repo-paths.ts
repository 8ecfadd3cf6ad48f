// Absolute paths into the repository, so synth and tests give the same result from any working directory.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const repoPath = (...segments: string[]): string => path.join(REPO_ROOT, ...segments);

export const ORDER_WORKFLOW_ASL = repoPath('statemachines', 'order-workflow.asl.json');
export const ORDER_TASKS_ENTRY = repoPath('apps', 'lambda', 'lambda-order-tasks.ts');
export const HTTP_API_ENTRY = repoPath('apps', 'lambda', 'lambda-http-api.ts');
export const STORE_APPLY_ENTRY = repoPath('apps', 'lambda', 'lambda-store-apply.ts');
// One entry per function (the order and router tasks share theirs): each bundle holds only what its function needs.
export const TELEGRAM_WEBHOOK_ENTRY = repoPath('apps', 'lambda', 'lambda-telegram-webhook.ts');
export const TELEGRAM_WORKER_ENTRY = repoPath('apps', 'lambda', 'lambda-telegram-worker.ts');
export const TELEGRAM_PUSH_ENTRY = repoPath('apps', 'lambda', 'lambda-telegram-push.ts');
export const SLACK_EVENTS_ENTRY = repoPath('apps', 'lambda', 'lambda-slack-events.ts');
export const SLACK_WORKER_ENTRY = repoPath('apps', 'lambda', 'lambda-slack-worker.ts');
export const SLACK_ORDER_EVENTS_ENTRY = repoPath('apps', 'lambda', 'lambda-slack-order-events.ts');
export const SLACK_SWEEP_ENTRY = repoPath('apps', 'lambda', 'lambda-slack-sweep.ts');
export const ROUTER_ASL = repoPath('statemachines', 'assistant-router.asl.json');
export const ROUTER_TASKS_ENTRY = repoPath('apps', 'lambda', 'lambda-router-tasks.ts');
export const LOCK_FILE = repoPath('package-lock.json');
/** What the bundles get instead of the modules left out of them (infra/app-function.ts). */
export const LEFT_OUT_STUB = repoPath('infra', 'bundling', 'left-out-module.cjs');
export const PAYMENT_WEBHOOK_ENTRY = repoPath('apps', 'lambda', 'lambda-payment-webhook.ts');
export const PAYMENT_WORKER_ENTRY = repoPath('apps', 'lambda', 'lambda-payment-worker.ts');
