// Lambda entry points for the order workflow's steps: one exported handler per Task state, all sharing one bundle.
import { createOrderTasks, type OrderTasks } from '../../statemachines/order-tasks.ts';
import { createAwsDeps } from './aws-deps.ts';

let tasks: OrderTasks | undefined;
const get = () => (tasks ??= createOrderTasks(createAwsDeps()));

export const reserveStock: OrderTasks['reserveStock'] = (e) => get().reserveStock(e);
export const computeDeliveryFee: OrderTasks['computeDeliveryFee'] = (e) => get().computeDeliveryFee(e);
export const chargePayment: OrderTasks['chargePayment'] = (e) => get().chargePayment(e);
export const confirmOrder: OrderTasks['confirmOrder'] = (e) => get().confirmOrder(e);
export const closeOrder: OrderTasks['closeOrder'] = (e) => get().closeOrder(e);
export const awaitStage: OrderTasks['awaitStage'] = (e) => get().awaitStage(e);
export const applyStage: OrderTasks['applyStage'] = (e) => get().applyStage(e);
export const flagStageOverdue: OrderTasks['flagStageOverdue'] = (e) => get().flagStageOverdue(e);
export const settleOrder: OrderTasks['settleOrder'] = (e) => get().settleOrder(e);
