// Downloads a file a customer sent (a complaint's photo) through the Bot API: getFile, then the file path under the
// same API root, so the desk can upload the bytes rather than a URL that would carry the bot's token.
import type { Api } from 'grammy';
import type { CustomerFile } from '../../core/staff-desk.ts';

const DEFAULT_API_ROOT = 'https://api.telegram.org';
/** Bots may download files up to 20 MB; a photo is far below. Anything larger is refused rather than buffered. */
export const MAX_CUSTOMER_FILE_BYTES = 20 * 1024 * 1024;

export async function downloadTelegramFile(api: Api, fileId: string): Promise<CustomerFile> {
  const file = await api.getFile(fileId);
  if (!file.file_path) throw new Error('telegram: getFile gave no file_path');
  if ((file.file_size ?? 0) > MAX_CUSTOMER_FILE_BYTES) throw new Error('telegram: the file is too large to forward');
  const root = api.options?.apiRoot ?? DEFAULT_API_ROOT;
  const res = await fetch(`${root}/file/bot${api.token}/${file.file_path}`, { signal: AbortSignal.timeout(15_000) });
  if (!res.ok) throw new Error(`telegram: file download answered ${res.status}`);
  const data = new Uint8Array(await res.arrayBuffer());
  if (data.byteLength > MAX_CUSTOMER_FILE_BYTES) throw new Error('telegram: the file is too large to forward');
  return { data, filename: file.file_path.split('/').pop() || 'photo.jpg' };
}
