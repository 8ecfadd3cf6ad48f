// A Powertools Parameters provider for Secrets Manager over the light JSON client: the same cache and max age as
// Powertools' SecretsProvider, for the functions that bundle no AWS SDK (its Secrets Manager client alone is 310 KiB).
import { BaseProvider } from '@aws-lambda-powertools/parameters/base';
import type { AwsJsonApi } from './aws-json-fetch.ts';

export class SecretsManagerFetchProvider extends BaseProvider {
  constructor(private readonly secretsManager: AwsJsonApi) {
    // No SDK client: BaseProvider keeps only its cache; _get below does the call.
    super({});
  }

  protected async _get(name: string): Promise<string | undefined> {
    const res = await this.secretsManager.call<{ SecretString?: string }>('GetSecretValue', { SecretId: name });
    return res.SecretString;
  }

  protected async _getMultiple(): Promise<Record<string, unknown> | undefined> {
    throw new Error('SecretsManagerFetchProvider reads one secret at a time');
  }
}
