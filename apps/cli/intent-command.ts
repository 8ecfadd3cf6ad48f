// `delivery-assistant intent`: classifies one utterance, or one per stdin line, printing one JSON line per utterance.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { classifyIntent } from '../../core/intent-classifier.ts';

const USAGE = `usage: delivery-assistant intent "<text>"
       delivery-assistant intent --stdin

Prints {"intent","lang","orderId"} as one JSON line. With --stdin, reads one utterance per line and prints one JSON
line per input line, in order; a blank line is classified like an empty message (faq, pt, no order id).`;

/** Only the three contract keys, in contract order: confidence is for in-process callers, not the CLI. */
export function intentLine(text: string): string {
  const { intent, lang, orderId } = classifyIntent(text);
  return JSON.stringify({ intent, lang, orderId });
}

async function classifyStdin(): Promise<void> {
  // A closed pipe (`… | head -1`) is a normal way to stop reading us; anything else still surfaces.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(0);
  });
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let buffer = '';
  for await (const line of lines) {
    buffer += `${intentLine(line)}\n`;
    // Batched writes keep large inputs fast; waiting on 'drain' keeps memory flat when the reader is slow.
    if (buffer.length >= 64 * 1024) {
      const flushed = process.stdout.write(buffer);
      buffer = '';
      if (!flushed) await once(process.stdout, 'drain');
    }
  }
  if (buffer) process.stdout.write(buffer);
}

export async function intentCommand(args: string[]): Promise<number> {
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
    console.log(USAGE);
    return 0;
  }
  if (args.length === 1 && args[0] === '--stdin') {
    await classifyStdin();
    return 0;
  }
  // "--" lets a message start with a dash; several words without quotes are taken as one message.
  const words = args[0] === '--' ? args.slice(1) : args;
  const flag = args[0] !== '--' && words.find((w) => w.startsWith('--'));
  const text = words.join(' ');
  if (flag || !text.trim()) {
    console.error(flag ? `Unknown option: ${flag}\n\n${USAGE}` : USAGE);
    return 2;
  }
  console.log(intentLine(text));
  return 0;
}
