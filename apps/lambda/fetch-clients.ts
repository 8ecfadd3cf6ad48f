// The SDK-free functions' AWS calls: SQS and Secrets Manager over the light JSON client, from the Lambda configuration.
import { AwsJsonApi, SECRETS_MANAGER_JSON, SQS_JSON } from '../../adapters/aws/aws-json-fetch.ts';
import { SecretsManagerFetchProvider } from '../../adapters/aws/secrets-manager-fetch-provider.ts';
import { SqsFetchWorkQueue } from '../../adapters/aws/sqs-fetch-work-queue.ts';
import type { AwsFetchConfig } from './config.ts';
import { lazy, type SecretProvider } from './secret-value.ts';

export const fetchQueue = <T>(aws: AwsFetchConfig, queueUrl: string): SqsFetchWorkQueue<T> =>
  new SqsFetchWorkQueue<T>(new AwsJsonApi(SQS_JSON, aws.credentials, aws.sqsEndpoint), queueUrl);

export const fetchSecrets = (aws: AwsFetchConfig): (() => SecretProvider) =>
  lazy(
    () =>
      new SecretsManagerFetchProvider(
        new AwsJsonApi(SECRETS_MANAGER_JSON, aws.credentials, aws.secretsManagerEndpoint),
      ),
  );
