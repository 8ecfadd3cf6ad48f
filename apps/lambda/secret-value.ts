// Reads a secret given as its value or as its Secrets Manager ARN, through a Powertools Parameters provider that caches
// it for SECRET_MAX_AGE_S; and the memo for what a container builds once.
import type { SecretSource } from './config.ts';

/** What both providers offer: Powertools' SecretsProvider (SDK) and SecretsManagerFetchProvider (no SDK). */
export interface SecretProvider {
  get(name: string, options?: { maxAge?: number }): Promise<unknown>;
}

/** A rotated secret reaches warm containers within this, without a redeploy; one read per 5 minutes is what it costs. */
export const SECRET_MAX_AGE_S = 300;

/** `provider` is called only for an ARN, so a function given the value never builds a Secrets Manager client. */
export async function readSecret(source: SecretSource, provider: () => SecretProvider): Promise<string> {
  if ('value' in source) return source.value;
  const value = await provider().get(source.arn, { maxAge: SECRET_MAX_AGE_S });
  if (typeof value !== 'string' || value === '') throw new Error(`The secret for ${source.name} is empty`);
  return value;
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

/** Memoises a synchronous factory (a provider, a client), built on first use. */
export function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}
