// Lambda entry points for the assistant router's Lambda steps (PrepareTurn, ParseClassifierOutput), sharing one bundle.
import { createRouterTasks, type RouterTasks } from '../../statemachines/router-tasks.ts';

// The steps are pure (no AWS clients), so one module-level instance serves every invocation of a container.
let tasks: RouterTasks | undefined;
const get = () => (tasks ??= createRouterTasks());

export const prepareTurn: RouterTasks['prepareTurn'] = (e) => get().prepareTurn(e);
export const parseClassifierOutput: RouterTasks['parseClassifierOutput'] = (e) => get().parseClassifierOutput(e);
