// Reads a secret from the environment or, when only its ARN is given, from Secrets Manager (never from the repo).
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** `NAME` wins (local runs, tests); otherwise `NAME_SECRET_ARN` is fetched. Cache the promise per container. */
export async function secretValue(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env[name]) return env[name]!;
  const arn = env[`${name}_SECRET_ARN`];
  if (!arn) throw new Error(`Missing environment variable ${name} or ${name}_SECRET_ARN`);
  const res = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  if (!res.SecretString) throw new Error(`The secret for ${name} is empty`);
  return res.SecretString;
}

/** Memoises an async loader, forgetting a failure so the next call tries again. */
export function cachedLoader<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () =>
    (value ??= load().catch((err: unknown) => {
      value = undefined;
      throw err;
    }));
}
