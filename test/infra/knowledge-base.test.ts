// Template assertions on the knowledge base a deploy builds from the store folder (S3 Vectors, the data source, the
// upload and the ingestion trigger), its IAM, and the owner's own knowledge base (-c knowledgeBaseId) instead.
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSISTANT_CONTEXT_KEYS } from '../../infra/assistant-config.ts';
import {
  BEDROCK_NON_FILTERABLE_KEYS,
  EMBEDDING_DIMENSIONS,
  EMBEDDING_MODEL_ID,
  KNOWLEDGE_BASE_INDEX_ACTIONS,
} from '../../infra/knowledge-base.ts';
import { ingestionDescription } from '../../infra/knowledge-ingestion.ts';
import { readKnowledgeSources } from '../../infra/knowledge-sources.ts';
import { knowledgeDirOf, STORE_CONTEXT_KEYS } from '../../infra/store-config.ts';
import { type Json, list, ref, type Synth, synthStack, templateReader } from './synth-reader.ts';

const FIXTURE_STORE = path.join(import.meta.dirname, 'fixtures', 'store-a');
const join = (...parts: Json[]) => ({ 'Fn::Join': ['', parts] });
const att = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });
const [partition, region, account] = [ref('AWS::Partition'), ref('AWS::Region'), ref('AWS::AccountId')];

const tmpDirs: string[] = [];
afterAll(() => {
  for (const dir of tmpDirs) rmSync(dir, { recursive: true, force: true });
});
/** A copy of the fixture store in a fresh folder, for a test to change. */
function copyOfFixtureStore(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'delivery-assistant-store-'));
  tmpDirs.push(dir);
  cpSync(FIXTURE_STORE, dir, { recursive: true });
  return dir;
}

/** The knowledge base's resources in one synth. */
function reader(s: Synth) {
  const t = templateReader(s);
  const one = (type: string) => {
    const ids = t.idsOf(type);
    expect(ids, type).toHaveLength(1);
    return ids[0]!;
  };
  return {
    ...t,
    one,
    props: (type: string) => s.resources[one(type)].Properties,
    ingestion: () => s.resources[one('Custom::AWS')],
    /** The SDK call the ingestion trigger makes on update, as the provider receives it (a JSON string). */
    updateCall: () => JSON.stringify(s.resources[one('Custom::AWS')].Properties.Update),
  };
}

describe('knowledge base built from the store folder (no knowledgeBaseId)', () => {
  let s: Synth;
  let r: ReturnType<typeof reader>;
  beforeAll(() => {
    s = synthStack('KnowledgeTestStack', { storeDir: FIXTURE_STORE });
    r = reader(s);
  }, 60_000);

  it('creates one S3 Vectors bucket and one index in it, sized for the embedding model, with Bedrock text kept out of filterable metadata', () => {
    // Act
    const vectorBucket = r.one('AWS::S3Vectors::VectorBucket');
    const index = r.props('AWS::S3Vectors::Index');
    // Assess
    expect(s.resources[vectorBucket].Properties.EncryptionConfiguration).toEqual({ SseType: 'AES256' });
    expect(index).toEqual({
      VectorBucketArn: att(vectorBucket, 'VectorBucketArn'),
      DataType: 'float32',
      Dimension: EMBEDDING_DIMENSIONS,
      DistanceMetric: 'cosine',
      MetadataConfiguration: { NonFilterableMetadataKeys: BEDROCK_NON_FILTERABLE_KEYS },
    });
    expect(BEDROCK_NON_FILTERABLE_KEYS).toEqual(['AMAZON_BEDROCK_TEXT', 'AMAZON_BEDROCK_METADATA']);
  });

  it('creates a vector knowledge base on that S3 Vectors index, embedding with Titan V2 in its own region at the index dimension', () => {
    // Act
    const kb = r.props('AWS::Bedrock::KnowledgeBase');
    // Assess
    expect(kb.StorageConfiguration).toEqual({
      Type: 'S3_VECTORS',
      S3VectorsConfiguration: { IndexArn: att(r.one('AWS::S3Vectors::Index'), 'IndexArn') },
    });
    expect(kb.KnowledgeBaseConfiguration).toEqual({
      Type: 'VECTOR',
      VectorKnowledgeBaseConfiguration: {
        EmbeddingModelArn: join(
          'arn:',
          partition,
          ':bedrock:',
          region,
          '::foundation-model/amazon.titan-embed-text-v2:0',
        ),
        EmbeddingModelConfiguration: {
          BedrockEmbeddingModelConfiguration: { Dimensions: EMBEDDING_DIMENSIONS, EmbeddingDataType: 'FLOAT32' },
        },
      },
    });
    expect(EMBEDDING_MODEL_ID).toBe('amazon.titan-embed-text-v2:0');
    expect(kb.RoleArn).toEqual(att(r.idOf('AWS::IAM::Role', 'KnowledgeRole'), 'Arn'));
    expect(kb.Name).toMatch(/^KnowledgeTestStack-store-[0-9a-f]{8}$/);
  });

  it('reads the documents bucket through one S3 data source', () => {
    // Act
    const source = r.props('AWS::Bedrock::DataSource');
    // Assess
    expect(source.KnowledgeBaseId).toEqual(att(r.one('AWS::Bedrock::KnowledgeBase'), 'KnowledgeBaseId'));
    expect(source.DataSourceConfiguration).toEqual({
      Type: 'S3',
      S3Configuration: { BucketArn: att(r.one('AWS::S3::Bucket'), 'Arn') },
    });
    expect(source.DataDeletionPolicy).toBe('DELETE');
  });

  it("uploads exactly the store's pt-BR and en documents to that bucket, at <lang>/<file>.md, pruning the rest", () => {
    // Prepare
    const upload = r.props('Custom::CDKBucketDeployment');
    // Act: what each staged source holds in the cloud assembly
    const uploaded = (upload.SourceObjectKeys as string[]).flatMap((key) => {
      const dir = path.join(s.outdir, `asset.${key.replace(/\.zip$/, '')}`);
      return readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => {
          const file = path.join(e.parentPath, e.name);
          return { key: path.relative(dir, file), content: readFileSync(file, 'utf8') };
        });
    });
    // Assess
    expect(upload.DestinationBucketName).toEqual(ref(r.one('AWS::S3::Bucket')));
    expect(upload.Prune).toBe(true);
    expect(uploaded.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'en/a.md', content: readFileSync(path.join(FIXTURE_STORE, 'knowledge/en/a.md'), 'utf8') },
      { key: 'pt-BR/a.md', content: readFileSync(path.join(FIXTURE_STORE, 'knowledge/pt-BR/a.md'), 'utf8') },
    ]);
  });

  it('starts an ingestion job of that data source after the upload, described by the hash of the documents', () => {
    // Prepare
    const { hash } = readKnowledgeSources(knowledgeDirOf(FIXTURE_STORE));
    const kbId = r.one('AWS::Bedrock::KnowledgeBase');
    const sourceId = r.one('AWS::Bedrock::DataSource');
    // Act
    const ingestion = r.ingestion();
    const call = (which: 'Create' | 'Update') =>
      JSON.parse(
        ingestion.Properties[which]['Fn::Join'][1]
          .map((p: Json) => (typeof p === 'string' ? p : `<${p['Fn::GetAtt'].join('.')}>`))
          .join(''),
      );
    // Assess
    for (const which of ['Create', 'Update'] as const) {
      expect(call(which)).toEqual({
        service: '@aws-sdk/client-bedrock-agent',
        action: 'StartIngestionJob',
        parameters: {
          knowledgeBaseId: `<${kbId}.KnowledgeBaseId>`,
          dataSourceId: `<${sourceId}.DataSourceId>`,
          description: ingestionDescription(hash),
        },
        physicalResourceId: { responsePath: 'ingestionJob.ingestionJobId' },
        outputPaths: ['ingestionJob.ingestionJobId'],
      });
    }
    expect(ingestion.Properties.Delete).toBeUndefined();
    expect(ingestion.Properties.InstallLatestAwsSdk).toBe(false);
    expect(ingestion.DependsOn).toContain(r.one('Custom::CDKBucketDeployment'));
  });

  it('gives the knowledge base role the embedding model, the documents bucket and the one index, nothing more', () => {
    // Prepare
    const roleId = r.idOf('AWS::IAM::Role', 'KnowledgeRole');
    const bucket = r.one('AWS::S3::Bucket');
    // Act
    const statements = r.statementsOfRole(roleId);
    const trust = s.resources[roleId].Properties.AssumeRolePolicyDocument.Statement;
    // Assess
    expect(statements).toEqual([
      {
        Sid: 'EmbedDocuments',
        Effect: 'Allow',
        Action: 'bedrock:InvokeModel',
        Resource: join('arn:', partition, ':bedrock:', region, `::foundation-model/${EMBEDDING_MODEL_ID}`),
      },
      { Sid: 'ListDocuments', Effect: 'Allow', Action: 's3:ListBucket', Resource: att(bucket, 'Arn') },
      { Sid: 'ReadDocuments', Effect: 'Allow', Action: 's3:GetObject', Resource: join(att(bucket, 'Arn'), '/*') },
      {
        Sid: 'VectorIndex',
        Effect: 'Allow',
        Action: KNOWLEDGE_BASE_INDEX_ACTIONS,
        Resource: att(r.one('AWS::S3Vectors::Index'), 'IndexArn'),
      },
    ]);
    expect(trust).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: 'bedrock.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': join('arn:', partition, ':bedrock:', region, ':', account, ':knowledge-base/*') },
        },
      },
    ]);
  });

  it('lets the ingestion trigger start jobs on this knowledge base only, and the upload touch only its two buckets', () => {
    // Prepare
    const ingestionRole = r.functionRoleId(r.idOf('AWS::Lambda::Function', 'AWS679f53fac002430cb0da5b7982bd2287'));
    const uploadRole = r.functionRoleId(r.idOf('AWS::Lambda::Function', 'CustomCDKBucketDeployment'));
    const bucket = r.one('AWS::S3::Bucket');
    const assets = { 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}' };
    const logs = (st: Json) => list(st.Action).every((a: string) => a.startsWith('logs:'));
    // Act
    const ingestion = r.statementsOfRole(ingestionRole).filter((st) => !logs(st));
    const upload = r.statementsOfRole(uploadRole).filter((st) => !logs(st));
    // Assess
    expect(ingestion).toEqual([
      {
        Sid: 'StartIngestionJob',
        Effect: 'Allow',
        Action: 'bedrock:StartIngestionJob',
        Resource: att(r.one('AWS::Bedrock::KnowledgeBase'), 'KnowledgeBaseArn'),
      },
    ]);
    expect(upload.flatMap((st) => list(st.Resource))).toEqual([
      join('arn:', partition, ':s3:::', assets),
      join('arn:', partition, ':s3:::', assets, '/*'),
      att(bucket, 'Arn'),
      join(att(bucket, 'Arn'), '/*'),
    ]);
    for (const roleId of [ingestionRole, uploadRole]) {
      const logStatements = r.statementsOfRole(roleId).filter(logs);
      expect(logStatements.map((st) => st.Resource)).toEqual([
        att(expect.stringMatching(/^KnowledgeUpload|^KnowledgeIngestion/), 'Arn'),
      ]);
    }
  });

  it('retrieves from the knowledge base it built, and outputs its id and the documents bucket', () => {
    // Prepare
    const kbId = r.one('AWS::Bedrock::KnowledgeBase');
    // Act
    const router = s.resources[r.idOf('AWS::StepFunctions::StateMachine', 'AssistantRouter')].Properties;
    // Assess
    expect(router.DefinitionSubstitutions.KnowledgeBaseId).toEqual(att(kbId, 'KnowledgeBaseId'));
    expect(s.outputs.KnowledgeBaseId.Value).toEqual(att(kbId, 'KnowledgeBaseId'));
    expect(s.outputs.KnowledgeDocumentsBucketName.Value).toEqual(ref(r.one('AWS::S3::Bucket')));
  });

  it('passes cdk-nag with every new finding acknowledged for a stated reason', () => {
    // Act
    const report = s.nag.validateScope(s.stack);
    // Assess
    expect(
      report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((x) => x.constructPath).join(', ')}`),
    ).toEqual([]);
  });
});

describe('the ingestion trigger follows the documents', () => {
  const updateCallOf = (storeDir: string) => reader(synthStack('TriggerTestStack', { storeDir })).updateCall();
  let original: string;
  beforeAll(() => {
    original = updateCallOf(FIXTURE_STORE);
  }, 60_000);

  it('changes when a document changes', () => {
    // Prepare
    const store = copyOfFixtureStore();
    const doc = path.join(store, 'knowledge/en/a.md');
    writeFileSync(doc, readFileSync(doc, 'utf8').replace('11 pm', 'midnight'));
    // Act
    const changed = updateCallOf(store);
    // Assess
    expect(changed).not.toBe(original);
    expect(changed).toContain(ingestionDescription(readKnowledgeSources(knowledgeDirOf(store)).hash));
  }, 60_000);

  it('changes when a document is added', () => {
    // Prepare
    const store = copyOfFixtureStore();
    writeFileSync(path.join(store, 'knowledge/pt-BR/b.md'), '# Pagamento\n\nAceitamos Pix.\n');
    // Act + Assess
    expect(updateCallOf(store)).not.toBe(original);
  }, 60_000);

  it('stays the same for the same documents in another folder, and for files outside <lang>/*.md', () => {
    // Prepare
    const store = copyOfFixtureStore();
    writeFileSync(path.join(store, 'knowledge/README.md'), '# How to write the documents\n');
    writeFileSync(path.join(store, 'knowledge/pt-BR/rascunho.txt'), 'not a document\n');
    // Act + Assess
    expect(updateCallOf(store)).toBe(original);
  }, 60_000);
});

describe("the owner's own knowledge base (-c knowledgeBaseId=…)", () => {
  let s: Synth;
  let r: ReturnType<typeof reader>;
  beforeAll(() => {
    // A store folder without documents: with an own knowledge base, they are not read.
    const emptyStore = mkdtempSync(path.join(tmpdir(), 'delivery-assistant-store-'));
    tmpDirs.push(emptyStore);
    copyFileSync(path.join(FIXTURE_STORE, 'store.yaml'), path.join(emptyStore, 'store.yaml'));
    s = synthStack(
      'OwnKnowledgeStack',
      {},
      { [ASSISTANT_CONTEXT_KEYS.knowledgeBaseId]: 'OWNKB12345', [STORE_CONTEXT_KEYS.storeDir]: emptyStore },
    );
    r = reader(s);
  }, 60_000);

  it('builds none of the knowledge base resources', () => {
    // Act
    const built = [
      'AWS::S3Vectors::VectorBucket',
      'AWS::S3Vectors::Index',
      'AWS::Bedrock::KnowledgeBase',
      'AWS::Bedrock::DataSource',
      'Custom::CDKBucketDeployment',
      'Custom::AWS',
      'AWS::S3::Bucket',
    ].flatMap((type) => r.idsOf(type));
    // Assess
    expect(built).toEqual([]);
    expect(s.outputs.KnowledgeDocumentsBucketName).toBeUndefined();
  });

  it('retrieves from that id and outputs it', () => {
    // Act
    const router = s.resources[r.idOf('AWS::StepFunctions::StateMachine', 'AssistantRouter')].Properties;
    // Assess
    expect(router.DefinitionSubstitutions.KnowledgeBaseId).toBe('OWNKB12345');
    expect(s.outputs.KnowledgeBaseId.Value).toBe('OWNKB12345');
  });
});

describe('a store folder without documents', () => {
  it('fails synth, naming the folder and what it should hold', () => {
    // Prepare
    const emptyStore = mkdtempSync(path.join(tmpdir(), 'delivery-assistant-store-'));
    tmpDirs.push(emptyStore);
    copyFileSync(path.join(FIXTURE_STORE, 'store.yaml'), path.join(emptyStore, 'store.yaml'));
    // Act + Assess
    expect(() => synthStack('EmptyStoreStack', { storeDir: emptyStore })).toThrow(
      `${path.join(emptyStore, 'knowledge/pt-BR')}:1: knowledge.pt-BR: no pt-BR documents (knowledge/pt-BR/*.md): every language needs its own`,
    );
  });
});
