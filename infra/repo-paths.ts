// Absolute paths into the repository, so synth and tests give the same result from any working directory.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const repoPath = (...segments: string[]): string => path.join(REPO_ROOT, ...segments);

export const ORDER_WORKFLOW_ASL = repoPath('statemachines', 'order-workflow.asl.json');
export const ORDER_TASKS_ENTRY = repoPath('apps', 'lambda', 'lambda-order-tasks.ts');
export const HTTP_API_ENTRY = repoPath('apps', 'lambda', 'lambda-http-api.ts');
export const TELEGRAM_ENTRY = repoPath('apps', 'lambda', 'lambda-telegram.ts');
export const SLACK_ENTRY = repoPath('apps', 'lambda', 'lambda-slack.ts');
export const ROUTER_ASL = repoPath('statemachines', 'assistant-router.asl.json');
export const ROUTER_TASKS_ENTRY = repoPath('apps', 'lambda', 'lambda-router-tasks.ts');
export const LOCK_FILE = repoPath('package-lock.json');
