// Transport-neutral HTTP request and response, so one API serves API Gateway (Lambda) and the local node:http server.
export interface HttpRequest {
  method: string;
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  body?: string;
}
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}
export const MAX_BODY_BYTES = 64 * 1024;

/** A body limit as people write it: 65536 → "64 KB", 1048576 → "1 MB". */
export const byteLimitLabel = (bytes: number): string =>
  (bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${Math.round(bytes / 1024)} KB`);
