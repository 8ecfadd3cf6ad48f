// A stand-in for CloudFormation's DescribeStacks on loopback (the AWS Query protocol), enough for `doctor --stack`.
import { randomUUID } from 'node:crypto';
import { type LoopbackServer, startLoopbackServer } from './loopback-server.ts';

const NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

export async function startFakeCloudFormation(
  stacks: Record<string, Record<string, string>>,
): Promise<LoopbackServer & { calls: string[] }> {
  const calls: string[] = [];
  const server = await startLoopbackServer((req) => {
    const params = Object.fromEntries(new URLSearchParams(req.body));
    calls.push(params.Action ?? '');
    const outputs = params.Action === 'DescribeStacks' ? stacks[params.StackName ?? ''] : undefined;
    if (!outputs) {
      return {
        status: 400,
        contentType: 'text/xml',
        body: `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id ${params.StackName} does not exist</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
      };
    }
    const members = Object.entries(outputs)
      .map(([k, v]) => `<member><OutputKey>${k}</OutputKey><OutputValue>${v}</OutputValue></member>`)
      .join('');
    return {
      status: 200,
      contentType: 'text/xml',
      body: `<DescribeStacksResponse xmlns="${NS}"><DescribeStacksResult><Stacks><member><StackName>${params.StackName}</StackName><StackId>arn:aws:cloudformation:us-east-1:000000000000:stack/${params.StackName}/1</StackId><StackStatus>UPDATE_COMPLETE</StackStatus><CreationTime>2026-01-01T00:00:00Z</CreationTime><Outputs>${members}</Outputs></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></DescribeStacksResponse>`,
    };
  });
  return { ...server, calls };
}
