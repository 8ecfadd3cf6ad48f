// CloudFormation custom resource: applies the deployed store (store.yaml, validated at synth) to the table on create
// and update, keeping live stock; a delete leaves the data, which orders in flight and the table's own fate decide.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { DynamoCatalogStore } from '../../adapters/aws/dynamo-catalog-store.ts';
import type { StorePackage } from '../../core/catalog.ts';
import { errorFields } from '../../core/logger.ts';
import { storeApplyConfig } from './config.ts';
import { lambdaLogger } from './lambda-logger.ts';

const { log } = lambdaLogger('store-apply');
/** The property the template carries the store in, as JSON (a string keeps numbers numbers through CloudFormation). */
export const STORE_PROPERTY = 'StorePackage';
const PHYSICAL_ID = 'store-profile';

/**
 * Answers CloudFormation itself (the pre-signed ResponseURL) rather than through the custom-resources Provider: no
 * second framework function, and a failure is reported at once instead of the stack waiting an hour.
 */
export async function handler(
  event: CloudFormationCustomResourceEvent,
  deps: { dynamo?: DynamoDBClient; tableName?: string } = {},
): Promise<void> {
  let status: 'SUCCESS' | 'FAILED' = 'SUCCESS';
  let reason = '';
  let data: Record<string, number> = {};
  try {
    if (event.RequestType !== 'Delete') {
      const pkg = JSON.parse(String(event.ResourceProperties[STORE_PROPERTY])) as StorePackage;
      const tableName = deps.tableName ?? storeApplyConfig().tableName;
      const catalog = new DynamoCatalogStore(deps.dynamo ?? new DynamoDBClient({}), tableName);
      const applied = await catalog.applyStore(pkg);
      data = { ...applied };
      log.info('store applied', { store: pkg.store.name, ...applied });
    }
  } catch (err) {
    status = 'FAILED';
    reason = `The store could not be applied: ${(err as Error).message}`.slice(0, 900);
    log.error('store apply failed', { error: errorFields(err) });
  }
  const res = await fetch(event.ResponseURL, {
    method: 'PUT',
    // The pre-signed URL was signed with no content type: sending one would break the signature.
    headers: { 'content-type': '' },
    body: JSON.stringify({
      Status: status,
      Reason: reason || 'ok',
      PhysicalResourceId: PHYSICAL_ID,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
      Data: data,
    }),
  });
  if (!res.ok) throw new Error(`CloudFormation did not take the response: ${res.status}`);
}
