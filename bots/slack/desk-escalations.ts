// The desk's queue items from the chat bots and the clock: an escalation opens a desk, a customer message is mirrored,
// a customer leaves, the timeout sweep.
import { CUSTOMER_TEXT_LIMITS, quoteCustomerText } from '../../core/customer-text.ts';
import { type ConversationDesk, type Escalation, isOpenDesk, type MirroredMessage } from '../../core/staff-desk.ts';
import { cardOf, lastMessageLine, nameOf, orderOf, summarize, transcriptText } from './desk-card.ts';
import { postCustomerPhoto } from './desk-photo.ts';
import { changeDesk, claimForEscalation, readDesk, recordOpened } from './desk-store.ts';
import { closeByCustomer, customerHandedOff, note, noteDone, redrawCard, texts } from './desk-thread.ts';
import { opened, overdue, timeoutClaimed, timeoutUndone, transcriptPosted } from './desk-transitions.ts';
import { homeChanged } from './home-refresh.ts';
import { DEFAULT_HANDOFF_TIMEOUT_MS, type SlackContext } from './slack-context.ts';
import { type ThreadSubject, threadSubjectKey, updateRecord } from './slack-records.ts';
import { escapeMrkdwn } from './slack-text.ts';

/**
 * A customer asked for a person. An open conversation (waiting or taken) keeps its thread: staff get a short note
 * there. Otherwise the desk is claimed (one conditional write), then a new card in the support channel, the desk
 * recorded with it, the transcript in its thread. A retry of this item (the queue retries a failure) finds the desk by
 * `since` and finishes what is left, without a second card or a second transcript.
 */
export async function openEscalation(ctx: SlackContext, e: Escalation): Promise<void> {
  const t = texts(ctx);
  const key = e.conversationKey;
  const step = await claimForEscalation(ctx, e, {
    channel: ctx.deps.supportChannel,
    ts: '',
    customerName: e.customerName,
    lang: e.lang,
    reason: e.reason,
    summary: summarize(t, e),
    ...(e.orders.length ? { order: orderOf(e) } : {}),
  });
  let desk: ConversationDesk;
  if (step.kind === 'askedAgain') {
    const quote = lastMessageLine(t, e.transcript);
    await note(ctx, step.desk, `${t.askedAgain(t.reason[e.reason])}${quote ? `\n${quote}` : ''}`);
    return;
  }
  if (step.kind === 'redelivery') {
    ctx.deps.log.info('slack: escalation already on the desk (a redelivery); finishing what is left', {
      conversationKey: key,
    });
    desk = step.desk;
  } else {
    // Earlier threads of this customer are linked from the new card (one permalink each, at most a couple).
    const claim = { ...step, desk: await withPermalinks(ctx, step.desk) };
    const posted = await ctx.client.chat.postMessage({
      channel: claim.desk.channel,
      ...cardOf(t, opened(claim.desk, ''), ctx.t),
    });
    // Recorded right after posting, so a retry of this item finds it (by `since`) instead of posting a second card.
    desk = await recordOpened(ctx, claim, posted.ts!);
  }
  // Each step below is safe to repeat; the transcript is marked once posted.
  await updateRecord<ThreadSubject>(ctx.deps.sessions, threadSubjectKey(desk.channel, desk.ts), () => ({
    conversationKey: key,
  }));
  if (!desk.transcriptPosted) {
    await note(ctx, desk, transcriptText(t, e.customerName, e.transcript));
    await changeDesk(ctx, key, (d) => transcriptPosted(d, desk.since));
  }
  homeChanged(ctx);
  ctx.deps.log.info('slack: escalation opened', { conversationKey: key, reason: e.reason });
}

/** The desk's earlier threads with their permalinks (a link that cannot be had is left out; the excerpt stays). */
async function withPermalinks(ctx: SlackContext, d: ConversationDesk): Promise<ConversationDesk> {
  if (!d.earlier?.length) return d;
  const earlier = await Promise.all(
    d.earlier.map(async (e) => {
      if (e.permalink) return e;
      try {
        const { permalink } = await ctx.client.chat.getPermalink({ channel: e.channel, message_ts: e.ts });
        return permalink ? { ...e, permalink } : e;
      } catch (err) {
        ctx.deps.log.warn('slack: no permalink for an earlier escalation', { error: err });
        return e;
      }
    }),
  );
  return { ...d, earlier };
}

/** A customer message written while the conversation is with staff: into the thread, marked as the customer's. */
export async function mirrorToThread(ctx: SlackContext, m: MirroredMessage): Promise<void> {
  const desk = await readDesk(ctx, m.conversationKey);
  if (!isOpenDesk(desk)) {
    ctx.deps.log.warn('slack: a customer message for a conversation that is not open on the desk', {
      conversationKey: m.conversationKey,
    });
    return;
  }
  await note(
    ctx,
    desk,
    `${texts(ctx).mirrorPrefix(nameOf(desk.customerName))} ${escapeMrkdwn(quoteCustomerText(m.text, CUSTOMER_TEXT_LIMITS.message))}`,
  );
  if (m.photo) await postCustomerPhoto(ctx, desk, m.photo.fileId);
}

/** The customer pressed "back to the assistant": the open desk is closed now rather than at the next sweep. */
export async function customerReturnedToBot(ctx: SlackContext, key: string): Promise<void> {
  const desk = await readDesk(ctx, key);
  // A hand-back by staff closed it already; a new escalation since then is open again and handed off: left alone.
  if (!isOpenDesk(desk) || (await customerHandedOff(ctx, key))) return;
  await closeByCustomer(ctx, desk);
}

/**
 * Walks the open escalations (a Query of the open index, re-read one by one before any change). A conversation whose
 * customer went back to the bot is closed. One still waiting after the handoff timeout: the customer is told, once,
 * that nobody is available (and what they can do), and staff see a note in the thread.
 */
export async function sweepEscalations(ctx: SlackContext, at: Date): Promise<void> {
  const timeoutMs = ctx.deps.handoffTimeoutMs ?? DEFAULT_HANDOFF_TIMEOUT_MS;
  const { desks } = await ctx.deps.desks.listOpen();
  for (const listed of desks) {
    const key = listed.conversationKey;
    try {
      // The index may lag a write by a moment: what is acted on is the desk as stored now.
      const desk = await readDesk(ctx, key);
      if (!isOpenDesk(desk)) continue;
      if (!(await customerHandedOff(ctx, key))) {
        await closeByCustomer(ctx, desk);
        continue;
      }
      if (!overdue(desk, at, timeoutMs)) continue;
      // Without the customers' chat nobody can be told; the desk keeps waiting rather than claim it said something.
      if (!ctx.deps.customers) {
        ctx.deps.log.warn('slack: an escalation timed out, but no customer chat is connected', {
          conversationKey: key,
        });
        continue;
      }
      await timeOut(ctx, desk, at, timeoutMs);
    } catch (err) {
      ctx.deps.log.warn('slack: sweeping an escalation failed', { conversationKey: key, error: err });
    }
  }
}

async function timeOut(ctx: SlackContext, desk: ConversationDesk, at: Date, timeoutMs: number): Promise<void> {
  const key = desk.conversationKey;
  const stamp = at.toISOString();
  // Claimed first (at most once, even with two sweeps racing); given back if the customer could not be told.
  let claimed = false;
  const claimedDesk = await changeDesk(ctx, key, (d) => {
    const next = timeoutClaimed(d, stamp);
    claimed = next !== undefined;
    return next ?? d;
  });
  if (!claimed) return;
  try {
    await ctx.deps.customers!.noStaffAvailable(key);
  } catch (err) {
    await changeDesk(ctx, key, (d) => timeoutUndone(d, stamp));
    throw err;
  }
  await noteDone(ctx, claimedDesk, texts(ctx).timedOut(Math.max(1, Math.round(timeoutMs / 60_000))));
  await redrawCard(ctx, claimedDesk);
  ctx.deps.log.info('slack: nobody took the escalation in time; the customer was told', { conversationKey: key });
}
