// Writes the deployed store (store.yaml, validated at synth) into the table: a custom resource whose property is the
// store itself, so a deploy that changed the file applies it and one that did not does nothing.
import { CustomResource } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { formatProblem, loadStoreFolder } from '../adapters/local/store-folder.ts';
import type { StorePackage } from '../core/catalog.ts';
import { AppFunction } from './app-function.ts';
import type { OpsAlarms } from './ops-alarms.ts';
import { STORE_APPLY_ENTRY } from './repo-paths.ts';
import { tableItemAccess } from './table-access.ts';

/** The custom resource's property holding the store; apps/lambda/lambda-store-apply.ts reads the same name (the
 * template test drives the handler with the synthesized property). */
export const STORE_PROPERTY = 'StorePackage';

/** Reads and validates the store folder at synth: a store with mistakes fails the synth with every problem listed.
 * `knowledge: false` (an owner's own knowledge base) does not ask for documents. */
export function readDeployedStore(storeDir: string, opts: { knowledge: boolean }): StorePackage {
  const folder = loadStoreFolder(storeDir, opts);
  if (!folder.ok)
    throw new Error(`The store folder ${storeDir} is not valid:\n${folder.problems.map(formatProblem).join('\n')}`);
  return folder.pkg;
}

export interface StoreDeployProps {
  readonly table: dynamodb.ITable;
  readonly alarms: OpsAlarms;
  readonly store: StorePackage;
}

export class StoreDeploy extends Construct {
  readonly apply: AppFunction;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: StoreDeployProps) {
    super(scope, id);
    this.apply = new AppFunction(this, 'Apply', {
      entry: STORE_APPLY_ENTRY,
      handler: 'handler',
      description: 'Applies the deployed store.yaml to the table (profile, hours, menu; live stock kept)',
      environment: { TABLE_NAME: props.table.tableName },
      alarms: props.alarms,
    });
    // Item access on this table only: applyStore reads the products (Query) and updates items (UpdateItem).
    this.apply.role.addToPolicy(tableItemAccess(props.table));
    this.resource = new CustomResource(this, 'Store', {
      serviceToken: this.apply.fn.functionArn,
      resourceType: 'Custom::DeliveryStore',
      properties: { [STORE_PROPERTY]: JSON.stringify(props.store) },
    });
  }
}
