// The StreamRenderer class behind renderStream: one instance renders one answer, the same way renderStream does.
import { describe, expect, it } from 'vitest';
import {
  ConversationPacer,
  renderStream,
  type StreamPolicy,
  StreamRenderer,
} from '../../../bots/streaming/stream-renderer.ts';
import { longAnswer } from './stream-harness.ts';
import { RecordingSurface, VirtualClock, virtualDeltas } from './virtual-clock.ts';

const POLICY: StreamPolicy = { minIntervalMs: 1_000, minNewChars: 20, maxStaleMs: 2_000, refreshMs: Infinity };
const TEXT = longAnswer(6_000).slice(0, 5_000); // past 4096: one rollover

describe('StreamRenderer', () => {
  it('makes the same calls at the same times as renderStream, and refuses a second answer', async () => {
    // Prepare: two identical runs on fresh clocks, one through each entry point
    const viaFunction = new VirtualClock();
    const viaClass = new VirtualClock();
    const a = new RecordingSurface(viaFunction);
    const b = new RecordingSurface(viaClass);
    const renderer = new StreamRenderer(b, POLICY, { clock: viaClass, pacer: new ConversationPacer() });
    // Act
    const fromFunction = await viaFunction.run(
      renderStream(virtualDeltas(viaFunction, TEXT), a, POLICY, { clock: viaFunction, pacer: new ConversationPacer() }),
    );
    const fromClass = await viaClass.run(renderer.render(virtualDeltas(viaClass, TEXT)));
    const again = await renderer.render(virtualDeltas(viaClass, 'De novo.')).catch((err: unknown) => err);
    // Assess
    expect(a.calls.length).toBeGreaterThan(4);
    expect(b.calls).toEqual(a.calls);
    expect(fromClass).toEqual(fromFunction);
    expect(fromClass).toMatchObject({ text: TEXT, messages: 2, outcome: 'complete' });
    expect(again).toBeInstanceOf(Error);
    expect((again as Error).message).toMatch(/renders one answer/);
    expect(b.calls.length).toBe(a.calls.length); // the refused render made no call
  });
});
