// The deploy writes the store: the custom resource carries the validated store file, its function is the app's own
// (alarmed, table-scoped), the synthesized property drives the real handler into dynalite, and a bad store fails synth.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCatalogStore } from '../../adapters/aws/dynamo-catalog-store.ts';
import { handler } from '../../apps/lambda/lambda-store-apply.ts';
import { STORE_PROPERTY } from '../../infra/store-deploy.ts';
import { freshTable } from '../support/dynalite-table.ts';
import { startLoopbackServer } from '../support/loopback-server.ts';
import { type Json, type Synth, synthStack, templateReader } from './synth-reader.ts';

const FIXTURE_STORE = path.join(import.meta.dirname, 'fixtures', 'store-a');
const tmpDirs: string[] = [];
afterAll(() => {
  for (const dir of tmpDirs) rmSync(dir, { recursive: true, force: true });
});

describe('the store a deploy writes', () => {
  let s: Synth;
  let store: Json;
  beforeAll(() => {
    s = synthStack('StoreDeployStack', { storeDir: FIXTURE_STORE });
    const ids = templateReader(s).idsOf('Custom::DeliveryStore');
    expect(ids).toHaveLength(1);
    store = s.resources[ids[0]!];
  }, 60_000);

  it('carries the validated store file, prices in centavos', () => {
    const pkg = JSON.parse(store.Properties[STORE_PROPERTY]);
    expect(pkg.store).toMatchObject({ name: 'Burger da Vila', fee: { baseCents: 400, perKmCents: 120 } });
    expect(pkg.products.map((p: Json) => [p.sku, p.price, p.stock])).toEqual([
      ['BURGER-CLASSIC', 2990, 20],
      ['BURGER-BACON', 3490, 3],
      ['FRIES', 1450, null],
      ['SODA-LATA', 600, 48],
    ]);
  });

  it('runs the app function, which may touch only items of this table, and is alarmed', () => {
    const fnId = store.Properties.ServiceToken['Fn::GetAtt'][0] as string;
    const fn = s.resources[fnId].Properties;
    expect(fn.Handler).toBe('index.handler');
    const role = fn.Role['Fn::GetAtt'][0] as string;
    const policies = Object.values(s.resources).filter(
      (r: Json) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: Json) => x.Ref === role),
    ) as Json[];
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
    const table = statements.find((st: Json) => st.Sid === 'TableItems');
    expect(table.Action).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query']);
    expect(table.Resource['Fn::GetAtt'][1]).toBe('Arn');
    expect(statements.every((st: Json) => st.Resource !== '*')).toBe(true);
    const alarms = Object.values(s.resources).filter(
      (r: Json) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.Dimensions?.[0]?.Value?.Ref === fnId,
    );
    expect(alarms).toHaveLength(1);
  });

  it('the synthesized property, through the real handler, writes the store and answers CloudFormation', async () => {
    const db = await freshTable();
    const replies: Json[] = [];
    const cfn = await startLoopbackServer((req) => {
      replies.push({ method: req.method, contentType: req.headers['content-type'], ...JSON.parse(req.body) });
      return { status: 200, contentType: 'text/plain', body: '' };
    });
    try {
      const event = {
        RequestType: 'Create',
        ResponseURL: `${cfn.url}/presigned`,
        StackId: 'arn:aws:cloudformation:sa-east-1:123456789012:stack/s/1',
        RequestId: 'r1',
        LogicalResourceId: 'StoreStore',
        ResourceType: 'Custom::DeliveryStore',
        ServiceToken: 'arn',
        ResourceProperties: { ServiceToken: 'arn', [STORE_PROPERTY]: store.Properties[STORE_PROPERTY] },
      } as CloudFormationCustomResourceEvent;
      await handler(event, { dynamo: db.client, tableName: db.tableName });
      const catalog = new DynamoCatalogStore(db.client, db.tableName);
      expect((await catalog.getStore()).name).toBe('Burger da Vila');
      // Two sold on the live table; the next deploy (an Update) keeps that stock.
      await catalog.hold('BURGER-BACON', 'O1', 2);
      await catalog.commit('BURGER-BACON', 'O1');
      await handler(
        {
          ...event,
          RequestType: 'Update',
          PhysicalResourceId: 'store-profile',
          OldResourceProperties: {},
        } as CloudFormationCustomResourceEvent,
        {
          dynamo: db.client,
          tableName: db.tableName,
        },
      );
      expect((await catalog.listProducts()).find((p) => p.sku === 'BURGER-BACON')!.stock).toBe(1);
      await handler(
        { ...event, ResourceProperties: { ServiceToken: 'arn', [STORE_PROPERTY]: '{not json' } },
        {
          dynamo: db.client,
          tableName: db.tableName,
        },
      );
      expect(replies.map((r) => [r.method, r.contentType, r.Status, r.PhysicalResourceId])).toEqual([
        ['PUT', '', 'SUCCESS', 'store-profile'],
        ['PUT', '', 'SUCCESS', 'store-profile'],
        ['PUT', '', 'FAILED', 'store-profile'],
      ]);
      expect(replies[0].Data).toEqual({ added: 4, updated: 0, retired: 0, restocked: 0 });
      expect(replies[2].Reason).toMatch(/^The store could not be applied: /);
    } finally {
      await cfn.close();
      await db.close();
    }
  });
});

describe('a store file with mistakes', () => {
  it('fails synth with every problem, file:line: field: message', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'delivery-assistant-store-'));
    tmpDirs.push(dir);
    cpSync(FIXTURE_STORE, dir, { recursive: true });
    const file = path.join(dir, 'store.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('radiusKm: 5', 'radiusKm: 0'));
    expect(() => synthStack('BadStoreStack', { storeDir: dir })).toThrow(
      `${file}:18: delivery.radiusKm: must be more than 0`,
    );
  });
});
