// Starts a Bedrock ingestion job (bedrock-agent StartIngestionJob) on a deploy that changed the knowledge documents,
// through an AwsCustomResource whose SDK call carries the documents' content hash.
import type * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  type AwsSdkCall,
  PhysicalResourceId,
} from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

export interface KnowledgeIngestionProps {
  readonly knowledgeBase: bedrock.CfnKnowledgeBase;
  readonly dataSource: bedrock.CfnDataSource;
  /** readKnowledgeSources(...).hash: the content of every document, in one value. */
  readonly documentsHash: string;
}

/** The description of the job the deploy starts: Bedrock shows it beside the job, naming the documents it read. */
export const ingestionDescription = (documentsHash: string): string =>
  `Deploy of the documents sha256:${documentsHash}`;

/**
 * Why a hash in the call, and not "start a job on every deploy": CloudFormation calls a custom resource's handler only
 * when one of its properties changes. The call's description holds the hash of the documents' content (with the
 * knowledge base and data source ids), so a deploy that changed no document starts no job (ingestion costs embedding
 * calls), a deploy that changed, added or removed one starts exactly one, and a replaced knowledge base or data source
 * is ingested from scratch. The upload finishes first (the construct depends on it, see StoreKnowledgeBase), so the
 * job reads the documents of this deploy. The job runs on after the deploy: a failed job shows in the knowledge base's
 * sync history (aws bedrock-agent list-ingestion-jobs), not as a failed deploy.
 */
export class KnowledgeIngestion extends Construct {
  readonly resource: AwsCustomResource;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: KnowledgeIngestionProps) {
    super(scope, id);
    const { knowledgeBase, dataSource, documentsHash } = props;
    const startJob: AwsSdkCall = {
      service: '@aws-sdk/client-bedrock-agent',
      action: 'StartIngestionJob',
      parameters: {
        knowledgeBaseId: knowledgeBase.attrKnowledgeBaseId,
        dataSourceId: dataSource.attrDataSourceId,
        description: ingestionDescription(documentsHash),
      },
      // The job's id names the resource: each deploy that ingests records which job it started.
      physicalResourceId: PhysicalResourceId.fromResponse('ingestionJob.ingestionJobId'),
      outputPaths: ['ingestionJob.ingestionJobId'],
    };
    // Its own role rather than the provider's default (AWSLambdaBasicExecutionRole on every log group): its log group
    // and the one API call on this knowledge base.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Starts an ingestion job of the store knowledge base',
    });
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });
    logGroup.grantWrite(this.role);
    this.resource = new AwsCustomResource(this, 'StartIngestionJob', {
      onCreate: startJob,
      onUpdate: startJob,
      // Nothing to undo on delete: the job has finished, and deleting the data source deletes its vectors.
      role: this.role,
      logGroup,
      policy: AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          sid: 'StartIngestionJob',
          actions: ['bedrock:StartIngestionJob'],
          resources: [knowledgeBase.attrKnowledgeBaseArn],
        }),
      ]),
      // The Lambda runtime's own SDK has bedrock-agent; installing one at run time would need npm and the network.
      installLatestAwsSdk: false,
    });
  }
}
