// The store's Bedrock knowledge base, built by the deploy: the documents bucket and its upload, the S3 Vectors bucket
// and index, the knowledge base, its S3 data source and the ingestion trigger.
import { createHash } from 'node:crypto';
import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as s3vectors from 'aws-cdk-lib/aws-s3vectors';
import { Construct } from 'constructs';
import { bedrockModelArns } from './bedrock-arns.ts';
import { KnowledgeIngestion } from './knowledge-ingestion.ts';
import type { KnowledgeSources } from './knowledge-sources.ts';

/** Titan Text Embeddings V2: multilingual (the documents are pt-BR and en), and offered in every Bedrock region. */
export const EMBEDDING_MODEL_ID = 'amazon.titan-embed-text-v2:0';
/** One of Titan V2's sizes (256, 512, 1024); the index is created with the same dimension. */
export const EMBEDDING_DIMENSIONS = 1024;

/**
 * Bedrock writes each chunk's text and its own metadata into these two keys of every vector. S3 Vectors allows 2 KB of
 * filterable metadata per vector, which a chunk's text exceeds, so both are declared non-filterable (they cannot be
 * added to an index later).
 */
export const BEDROCK_NON_FILTERABLE_KEYS = ['AMAZON_BEDROCK_TEXT', 'AMAZON_BEDROCK_METADATA'];

/** What the index is built for; a change replaces the index and, with it, the knowledge base. */
const VECTOR_LAYOUT = `${EMBEDDING_MODEL_ID}/${EMBEDDING_DIMENSIONS}/float32/cosine`;

/** Actions on the one index: GetIndex (Bedrock checks the dimension), then ingestion's writes and retrieval's reads. */
export const KNOWLEDGE_BASE_INDEX_ACTIONS = [
  's3vectors:GetIndex',
  's3vectors:PutVectors',
  's3vectors:GetVectors',
  's3vectors:DeleteVectors',
  's3vectors:QueryVectors',
];

export interface StoreKnowledgeBaseProps {
  /** The store's documents (readKnowledgeSources), uploaded as read at synth. */
  readonly sources: KnowledgeSources;
}

export class StoreKnowledgeBase extends Construct {
  readonly documentsBucket: s3.Bucket;
  readonly upload: s3deploy.BucketDeployment;
  readonly vectorBucket: s3vectors.CfnVectorBucket;
  readonly index: s3vectors.CfnIndex;
  readonly role: iam.Role;
  readonly knowledgeBase: bedrock.CfnKnowledgeBase;
  readonly dataSource: bedrock.CfnDataSource;
  readonly ingestion: KnowledgeIngestion;
  /** A deploy-time token: what the router retrieves from. */
  readonly knowledgeBaseId: string;

  constructor(scope: Construct, id: string, props: StoreKnowledgeBaseProps) {
    super(scope, id);
    const { sources } = props;
    const stack = Stack.of(this);

    // Copies of the store folder's files, rebuilt by every deploy: nothing here to keep when the stack goes.
    this.documentsBucket = new s3.Bucket(this, 'Documents', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.upload = this.createUpload(sources);

    this.vectorBucket = new s3vectors.CfnVectorBucket(this, 'VectorBucket', {
      encryptionConfiguration: { sseType: 'AES256' },
    });
    this.index = new s3vectors.CfnIndex(this, 'VectorIndex', {
      vectorBucketArn: this.vectorBucket.attrVectorBucketArn,
      dataType: 'float32',
      dimension: EMBEDDING_DIMENSIONS,
      distanceMetric: 'cosine',
      metadataConfiguration: { nonFilterableMetadataKeys: BEDROCK_NON_FILTERABLE_KEYS },
    });
    // Vectors are derived data: the next deploy's ingestion rebuilds them.
    this.vectorBucket.applyRemovalPolicy(RemovalPolicy.DESTROY);
    this.index.applyRemovalPolicy(RemovalPolicy.DESTROY);

    const embeddingModelArns = bedrockModelArns(EMBEDDING_MODEL_ID, stack);
    this.role = this.createRole(embeddingModelArns);
    this.knowledgeBase = new bedrock.CfnKnowledgeBase(this, 'KnowledgeBase', {
      // Names are unique per account and region, and CloudFormation creates a replacement before deleting the old one:
      // the layout's hash changes the name exactly when the index (and so the knowledge base) is replaced.
      name: `${stack.stackName}-store-${createHash('sha256').update(VECTOR_LAYOUT).digest('hex').slice(0, 8)}`,
      description: "The store's documents (store folder knowledge/), ingested by each deploy that changes them",
      roleArn: this.role.roleArn,
      knowledgeBaseConfiguration: {
        type: 'VECTOR',
        vectorKnowledgeBaseConfiguration: {
          embeddingModelArn: embeddingModelArns[0]!,
          embeddingModelConfiguration: {
            bedrockEmbeddingModelConfiguration: { dimensions: EMBEDDING_DIMENSIONS, embeddingDataType: 'FLOAT32' },
          },
        },
      },
      storageConfiguration: { type: 'S3_VECTORS', s3VectorsConfiguration: { indexArn: this.index.attrIndexArn } },
    });
    // Bedrock checks the role's access to the model and the index when the knowledge base is created.
    this.knowledgeBase.node.addDependency(this.role);
    this.knowledgeBaseId = this.knowledgeBase.attrKnowledgeBaseId;

    this.dataSource = new bedrock.CfnDataSource(this, 'DocumentsSource', {
      knowledgeBaseId: this.knowledgeBase.attrKnowledgeBaseId,
      name: 'store-documents',
      description: 'The documents bucket: <lang>/<topic>.md',
      dataSourceConfiguration: { type: 'S3', s3Configuration: { bucketArn: this.documentsBucket.bucketArn } },
      // A document removed from the store folder is pruned from the bucket, and its vectors go with the next job.
      dataDeletionPolicy: 'DELETE',
    });

    this.ingestion = new KnowledgeIngestion(this, 'Ingestion', {
      knowledgeBase: this.knowledgeBase,
      dataSource: this.dataSource,
      documentsHash: sources.hash,
    });
    this.ingestion.resource.node.addDependency(this.upload);
    this.acknowledgeFindings();
  }

  /** Exactly the documents read at synth, each at `<lang>/<file>.md`; what the folder no longer holds is removed. */
  private createUpload(sources: KnowledgeSources): s3deploy.BucketDeployment {
    const role = new iam.Role(this, 'UploadRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Uploads the store knowledge documents',
    });
    const logGroup = new logs.LogGroup(this, 'UploadLogs', { retention: logs.RetentionDays.ONE_MONTH });
    logGroup.grantWrite(role);
    return new s3deploy.BucketDeployment(this, 'Upload', {
      // One source per document, from the text that was hashed: what the bucket gets is what the trigger describes.
      sources: sources.documents.map((d) => s3deploy.Source.data(d.key, d.content)),
      destinationBucket: this.documentsBucket,
      prune: true,
      // The bucket is emptied with the stack, so it can be deleted (it has no versioning, so nothing else remains).
      retainOnDelete: false,
      role,
      logGroup,
    });
  }

  /** Only what ingestion does: embed with the one model, read the documents bucket, write and read the one index. */
  private createRole(embeddingModelArns: string[]): iam.Role {
    const { partition, region, account } = Stack.of(this);
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('bedrock.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': account },
        // The knowledge base's own ARN would be a cycle (it is created with this role): any of this account's.
        ArnLike: { 'aws:SourceArn': `arn:${partition}:bedrock:${region}:${account}:knowledge-base/*` },
      }),
      description: 'Store knowledge base: embeds and indexes the store documents',
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'EmbedDocuments',
        actions: ['bedrock:InvokeModel'],
        resources: embeddingModelArns,
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ListDocuments',
        actions: ['s3:ListBucket'],
        resources: [this.documentsBucket.bucketArn],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadDocuments',
        actions: ['s3:GetObject'],
        resources: [this.documentsBucket.arnForObjects('*')],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'VectorIndex',
        actions: KNOWLEDGE_BASE_INDEX_ACTIONS,
        resources: [this.index.attrIndexArn],
      }),
    );
    return role;
  }

  private acknowledgeFindings(): void {
    const stack = Stack.of(this);
    const documents = `<${stack.resolve((this.documentsBucket.node.defaultChild as s3.CfnBucket).logicalId)}.Arn>/*`;
    Validations.of(this.documentsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Holds copies of the store folder published with each deploy, written only by the deploy and read only by the knowledge base: its access log would record nothing but those two.',
    });
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${documents}]`,
      reason:
        "s3:GetObject on the objects of the documents bucket, which holds only the store's documents: ingestion reads each of them, and their keys change with the store folder.",
    });
    // What BucketDeployment grants its handler itself (aws-cdk-lib's grantRead of the staged sources and grantReadWrite
    // of the destination), on the two buckets it copies between and nothing else.
    const upload = Validations.of(this.upload.handlerRole);
    for (const action of ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*']) {
      upload.acknowledge({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason:
          'Granted by BucketDeployment itself to its handler, on the CDK assets bucket and the documents bucket only: it reads the staged documents, then syncs (and prunes) the documents bucket.',
      });
    }
    upload.acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
      reason:
        "The CDK bootstrap assets bucket, where cdk deploy stages the documents: BucketDeployment's handler reads them from there, by generated object keys.",
    });
    upload.acknowledge({
      id: `AwsSolutions-IAM5[Resource::${documents}]`,
      reason: "The documents bucket's objects, which the upload writes and prunes: it holds nothing else.",
    });
    // The handler is a singleton function of the stack (shared by every BucketDeployment), not a child of this construct.
    for (const child of stack.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))) {
      Validations.of(child).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          "BucketDeployment's handler runs the Python runtime aws-cdk-lib ships its code for (with the AWS CLI layer); it moves to the latest with aws-cdk-lib updates.",
      });
    }
  }
}
