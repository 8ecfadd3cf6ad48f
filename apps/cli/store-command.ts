// `delivery-assistant store check|schema|push`: validates a store folder, prints its JSON Schema, applies it to a table.
import { formatProblem, loadStoreFolder } from '../../adapters/local/store-folder.ts';
import { storeJsonSchema } from '../../core/store-file.ts';
import type { Target } from './table-target.ts';

const USAGE = `usage: delivery-assistant store <check DIR | schema | push DIR [--stack NAME | --data-dir DIR] [--restock]>

  check DIR   validate a store folder (store.yaml and knowledge/pt-BR, knowledge/en); every problem as
              file:line: field: message, exit 1; a valid store prints a one-line summary
  schema      print the JSON Schema of store.yaml (stores/store.schema.json)
  push DIR    apply the store to a table: profile, hours, categories, names and prices follow the file; new items
              start with the file's stock; live stock, holds and orders in flight are kept
              (default) the local DATA_DIR (./.data), with the local stack stopped
              --stack NAME  a deployed stack (its TableName output)
              --restock     reset the stock of every item to the file's value`;

export async function storeCommand(
  args: string[],
  out: (l: string) => void = console.log,
  err: (l: string) => void = console.error,
): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'schema') {
    out(JSON.stringify(storeJsonSchema(), null, 2));
    return 0;
  }
  if (sub !== 'check' && sub !== 'push') {
    (sub === undefined || sub === '--help' || sub === '-h' ? out : err)(USAGE);
    return sub === '--help' || sub === '-h' ? 0 : 2;
  }
  let dir: string | undefined;
  let stack: string | undefined;
  let dataDir: string | undefined;
  let restock = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (sub === 'push' && a === '--stack' && rest[i + 1]) stack = rest[++i];
    else if (sub === 'push' && a === '--data-dir' && rest[i + 1]) dataDir = rest[++i];
    else if (sub === 'push' && a === '--restock') restock = true;
    else if (!a.startsWith('--') && dir === undefined) dir = a;
    else {
      err(`Unknown argument: ${a}\n\n${USAGE}`);
      return 2;
    }
  }
  if (!dir) {
    err(USAGE);
    return 2;
  }
  const folder = loadStoreFolder(dir);
  if (!folder.ok) {
    for (const p of folder.problems) err(formatProblem(p));
    err(`${folder.problems.length} problem(s) in ${dir}${sub === 'push' ? ': nothing was changed' : ''}`);
    return 1;
  }
  if (sub === 'check') {
    out(`✓ ${folder.summary}`);
    return 0;
  }
  // The table's code (the SDK, dynalite) loads only for a push: `store check` stays well under a second.
  const [{ DynamoCatalogStore }, { openTable }] = await Promise.all([
    import('../../adapters/aws/dynamo-catalog-store.ts'),
    import('./table-target.ts'),
  ]);
  let target: Target;
  try {
    target = await openTable({ stack, dataDir });
  } catch (e) {
    err(`store push: ${(e as Error).message}`);
    return 2;
  }
  try {
    const r = await new DynamoCatalogStore(target.client, target.table).applyStore(folder.pkg, { restock });
    out(
      `✓ ${folder.pkg.store.name} applied to ${target.label}: ${r.added} added, ${r.updated} updated, ${r.retired} retired${restock ? `, ${r.restocked} restocked` : ''}`,
    );
    return 0;
  } finally {
    await target.close();
  }
}
