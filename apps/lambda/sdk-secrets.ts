// The secrets provider of the functions that bundle the AWS SDK anyway: Powertools' SecretsProvider (its client honours
// AWS_ENDPOINT_URL_SECRETS_MANAGER), built on the first ARN read.
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { lazy, type SecretProvider } from './secret-value.ts';

export const sdkSecrets = (): (() => SecretProvider) => lazy(() => new SecretsProvider());
