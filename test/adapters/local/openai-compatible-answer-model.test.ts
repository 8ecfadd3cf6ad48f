// ANSWER_MODEL_URL: the answer streams from an OpenAI-compatible chat endpoint (a loopback stand-in speaking its SSE
// protocol), with the same prompt rules as Bedrock, and the customer sees it in the chat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAiCompatibleAnswerModel } from '../../../adapters/local/openai-compatible-answer-model.ts';
import { resolveAssistantBackends } from '../../../apps/local/assistant-backends.ts';
import { readAssistantSettings } from '../../../apps/local/config.ts';
import { createAssistant } from '../../../bots/telegram/answer-question.ts';
import type { AnswerEvent } from '../../../core/answer-model.ts';
import { ChatDriver, type Harness, startHarness } from '../../bots/telegram/bot-harness.ts';
import { type FakeOpenAiChat, startFakeOpenAiChat } from '../../support/fake-openai-chat.ts';

const REPLY = ['Não: ', 'Niterói fica fora ', 'do nosso raio de 8 km. ', '(Fonte: Áreas e taxas de entrega)'];

describe('OpenAiCompatibleAnswerModel', () => {
  let fake: FakeOpenAiChat;
  let h: Harness;
  beforeAll(async () => {
    fake = await startFakeOpenAiChat(REPLY);
    const model = new OpenAiCompatibleAnswerModel({ url: fake.url, model: 'llama3.1:8b' });
    h = await startHarness({
      assistant: ({ stack, log }) =>
        createAssistant({
          route: (input) => stack.router!.route(input),
          model,
          store: () => stack.deps.catalog.getStore(),
          log,
        }),
    });
  });
  afterAll(async () => {
    await h.close();
    await fake.close();
  });

  it('streams the answer into the chat from the endpoint, asked with the store prompt, the model id and stream: true', async () => {
    // Prepare
    const chat = new ChatDriver(h);

    // Act
    await chat.text('vocês entregam em Niterói?');

    // Assess: what the customer sees is the endpoint's text
    expect(chat.lastText()).toBe(REPLY.join(''));
    const req = fake.requests.at(-1)!;
    expect(req.path).toBe('/v1/chat/completions');
    expect(req.body).toMatchObject({ model: 'llama3.1:8b', stream: true });
    const messages = req.body.messages as Array<{ role: string; content: string }>;
    expect(messages[0]!.role).toBe('system');
    expect(messages[0]!.content).toContain('cite o título do documento');
    expect(messages[0]!.content).toContain('Niterói');
    expect(messages.at(-1)).toEqual({ role: 'user', content: 'vocês entregam em Niterói?' });
  });

  it('reports usage and the stop reason, and rejects on an error status', async () => {
    // Prepare
    const model = new OpenAiCompatibleAnswerModel({ url: `${fake.url}/chat/completions`, model: 'm' });
    const req = {
      system: 's',
      messages: [{ role: 'user' as const, text: 'oi' }],
      grounding: { lang: 'pt-BR' as const, passages: [], orderFacts: [] },
    };

    // Act
    const events: AnswerEvent[] = [];
    for await (const e of model.stream(req)) events.push(e);
    fake.status = 503;
    const failed = (async () => {
      for await (const _ of model.stream(req)) {
        /* drain */
      }
    })();

    // Assess
    expect(events.filter((e) => e.type === 'delta').map((e) => (e as { text: string }).text)).toEqual(REPLY);
    expect(events.slice(-2)).toEqual([
      { type: 'usage', inputTokens: 321, outputTokens: 12 },
      { type: 'stop', reason: 'end_turn' },
    ]);
    await expect(failed).rejects.toThrow(/503/);
    fake.status = 200;
  });

  it('is chosen by ANSWER_MODEL_URL with ANSWER_MODEL_ID, with no AWS check, and named at startup', async () => {
    // Act
    const backends = await resolveAssistantBackends({
      settings: readAssistantSettings({ ANSWER_MODEL_URL: fake.url, ANSWER_MODEL_ID: 'qwen2.5:7b' }),
    });
    backends.close();

    // Assess
    expect(backends.mode).toEqual({ router: 'offline', retrieval: 'offline', answers: 'openai-compatible' });
    expect(backends.answerModel.name).toBe('openai-compatible:qwen2.5:7b');
    expect(backends.offlineReason).toBeUndefined();
    expect(backends.description).toContain(`answers from qwen2.5:7b at ${fake.url}`);
  });
});
