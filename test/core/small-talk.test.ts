// The kinds of social message: a hello is greeted, thanks / goodbyes / acknowledgements get a short reply.
import { describe, expect, it } from 'vitest';
import { classifyIntent } from '../../core/intent-classifier.ts';
import { isNightGoodbye, socialKind } from '../../core/small-talk.ts';

describe('socialKind', () => {
  it.each([
    ['oi', 'hello'],
    ['bom dia', 'hello'],
    ['oi, boa noite', 'hello'],
    ['hello there', 'hello'],
    ['obrigado', 'thanks'],
    ['brigado', 'thanks'],
    ['valeu', 'thanks'],
    ['vlw', 'thanks'],
    ['thanks', 'thanks'],
    ['thank you so much', 'thanks'],
    ['🙏', 'thanks'],
    ['boa noite', 'bye'],
    ['tchau', 'bye'],
    ['ok', 'ack'],
    ['👍', 'ack'],
    ['beleza', 'ack'],
  ] as const)('reads "%s" as %s, and the classifier as social (greeting)', (text, kind) => {
    // Prepare / Act / Assess
    expect(socialKind(text)).toBe(kind);
    expect(classifyIntent(text).intent).toBe('greeting');
  });

  it('answers a goodbye at night in kind', () => {
    // Prepare / Act / Assess
    expect(isNightGoodbye('boa noite')).toBe(true);
    expect(isNightGoodbye('tchau')).toBe(false);
  });
});
