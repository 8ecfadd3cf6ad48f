// IAM statements for item-level access to the single table (no table management, no Scan, no deletes).

import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { TABLE_KEYS } from '../adapters/aws/table-design.ts';

/** The operations the Dynamo adapters issue: GetItem, PutItem, UpdateItem and Query (see adapters/aws/dynamo-*.ts). */
export const TABLE_ITEM_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'];

export const customerIndexArn = (table: dynamodb.ITable): string => `${table.tableArn}/index/${TABLE_KEYS.gsi1.name}`;

export function tableItemAccess(table: dynamodb.ITable): iam.PolicyStatement {
  return new iam.PolicyStatement({ sid: 'TableItems', actions: TABLE_ITEM_ACTIONS, resources: [table.tableArn] });
}

/** Query on gsi1 (a customer's orders); only callers of OrderRepository.listByCustomer need it. */
export function customerIndexQuery(table: dynamodb.ITable): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'CustomerIndexQuery',
    actions: ['dynamodb:Query'],
    resources: [customerIndexArn(table)],
  });
}

export const openIndexArn = (table: dynamodb.ITable): string => `${table.tableArn}/index/${TABLE_KEYS.gsi2.name}`;

/** Query on gsi2 (open orders by status, open desks); only the Slack console lists them. */
export function openIndexQuery(table: dynamodb.ITable): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'OpenWorkIndexQuery',
    actions: ['dynamodb:Query'],
    resources: [openIndexArn(table)],
  });
}
