// Lambda entry points for the order workflow's steps: one exported handler per Task state, all sharing one bundle.
import type { Context } from 'aws-lambda';
import { makePixCode } from '../../adapters/payments/pix-code.ts';
import { createOrderTasks, type OrderTaskName, type OrderTasks } from '../../statemachines/order-tasks.ts';
import { createAwsDeps } from './aws-deps.ts';
import { orderTasksConfig } from './config.ts';
import { lambdaLogger } from './lambda-logger.ts';
import { lazy } from './secret-value.ts';

const config = orderTasksConfig();
const { log, invoked } = lambdaLogger('order-tasks');
const tasks = lazy(() => createOrderTasks(createAwsDeps(config.orders, log, undefined, makePixCode)));

type Input<K extends OrderTaskName> = Parameters<OrderTasks[K]>[0];
type Output<K extends OrderTaskName> = Awaited<ReturnType<OrderTasks[K]>>;
/** The handler of one Task state: the state input in, the task's result out, with the invocation's context logged. */
const task = <K extends OrderTaskName>(name: K): ((event: Input<K>, context?: Context) => Promise<Output<K>>) =>
  invoked<Input<K>, Output<K>>((event) => (tasks()[name] as (e: Input<K>) => Promise<Output<K>>)(event));

export const checkStoreOpen = task('checkStoreOpen');
export const reserveStock = task('reserveStock');
export const computeDeliveryFee = task('computeDeliveryFee');
export const chargePayment = task('chargePayment');
export const awaitPayment = task('awaitPayment');
export const expirePayment = task('expirePayment');
export const confirmOrder = task('confirmOrder');
export const closeOrder = task('closeOrder');
export const awaitStage = task('awaitStage');
export const applyStage = task('applyStage');
export const flagStageOverdue = task('flagStageOverdue');
export const settleOrder = task('settleOrder');
